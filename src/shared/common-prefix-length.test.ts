import { describe, expect, it } from 'vitest';
import { commonPrefixLength } from './common-prefix-length.js';

describe('commonPrefixLength', () => {
  it('counts the shared beginning across chunk boundaries', () => {
    const base = Buffer.alloc(10_000, 'a');
    for (const at of [0, 1, 4095, 4096, 4097, 8191, 9999]) {
      const other = Buffer.from(base);
      other[at] = 0x62;
      expect(commonPrefixLength(base, other)).toBe(at);
    }
    expect(commonPrefixLength(base, base.subarray(0, 5000))).toBe(5000);
    expect(commonPrefixLength(base, Buffer.alloc(0))).toBe(0);
    expect(commonPrefixLength(Buffer.from(base), base)).toBe(10_000);
  });
});
