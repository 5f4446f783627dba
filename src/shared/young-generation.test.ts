import { describe, expect, it } from 'vitest';
import { hasYoungGenerationFlags } from './young-generation.js';

describe('hasYoungGenerationFlags', () => {
  it('sees the young generation flags in node arguments and NODE_OPTIONS, in either spelling', () => {
    expect(hasYoungGenerationFlags([], undefined)).toBe(false);
    expect(hasYoungGenerationFlags(['--max-old-space-size=512', '--enable-source-maps'], '--trace-warnings')).toBe(false);
    expect(hasYoungGenerationFlags(['--max-semi-space-size=8'], undefined)).toBe(true);
    expect(hasYoungGenerationFlags(['--min_semi_space_size=2'], undefined)).toBe(true);
    expect(hasYoungGenerationFlags([], '--inspect --semi-space-growth-factor=4')).toBe(true);
  });
});
