import { describe, expect, it } from 'vitest';
import { isValidAntigravityVersion, parseAntigravityVersion } from './parse-antigravity-version.js';

describe('parseAntigravityVersion', () => {
  it('accepts dotted numbers only', () => {
    for (const good of ['2.15.0', '1.110.0', '2.9', '1.2.3.4']) expect(isValidAntigravityVersion(good)).toBe(true);
    for (const bad of ['', '2', 'v2.15.0', '2.15.0-beta', '2..1', 'latest', '2.15.0 linux/amd64']) expect(isValidAntigravityVersion(bad)).toBe(false);
  });

  it('trims', () => {
    expect(parseAntigravityVersion(' 3.0.1 ')).toBe('3.0.1');
    expect(parseAntigravityVersion('antigravity/3.0.1')).toBeUndefined();
  });
});
