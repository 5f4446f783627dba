import { describe, expect, it } from 'vitest';
import { formatClientKeyLabel } from './read-client-key-label.js';

describe('formatClientKeyLabel', () => {
  it('keeps only the ends of a key, less of a short one, nothing of a tiny one', () => {
    expect(formatClientKeyLabel('sk-0123456789abcdef0123456789abcdef')).toBe('sk-…cdef');
    expect(formatClientKeyLabel('sk-agt-demo')).toBe('…mo');
    expect(formatClientKeyLabel('abc')).toBe('…');
    expect(formatClientKeyLabel('  ')).toBeNull();
    expect(formatClientKeyLabel(undefined)).toBeNull();
  });

  it('never contains more than seven characters of the key', () => {
    const key = 'sk-SECRET-MIDDLE-PART-xyz1';
    const label = formatClientKeyLabel(key) ?? '';
    expect(label.replace('…', '').length).toBeLessThanOrEqual(7);
    expect(label).not.toContain('SECRET');
  });
});
