import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { formatHeaderValue } from './format-header-value.js';

describe('formatHeaderValue', () => {
  it('keeps printable ASCII as it is', () => {
    expect(formatHeaderValue('gemini-2.5-flash')).toBe('gemini-2.5-flash');
    expect(formatHeaderValue('models/a b%c')).toBe('models/a b%c');
  });

  it('percent-encodes control characters and non-Latin text as UTF-8', () => {
    expect(formatHeaderValue('a\u0000b')).toBe('a%00b');
    expect(formatHeaderValue('模型')).toBe('%E6%A8%A1%E5%9E%8B');
    expect(formatHeaderValue('x\r\nSet-Cookie: y')).toBe('x%0D%0ASet-Cookie: y');
    expect(formatHeaderValue('\ud800')).toBe('%EF%BF%BD');
  });

  it('cuts very long values', () => {
    expect(formatHeaderValue('m'.repeat(5_000_000))).toHaveLength(256);
  });

  it('always yields a value Node accepts in a header', () => {
    for (const value of ['\u0000', '\u007f', 'é', '🦄', '\ud83d', '\u2028', 'ok']) {
      expect(() => validateHeaderValue('x-test', formatHeaderValue(value))).not.toThrow();
    }
  });
});
