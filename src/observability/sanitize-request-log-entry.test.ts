import { describe, expect, it } from 'vitest';
import { capRedactedText, redactLogUrl } from './sanitize-request-log-entry.js';

describe('capRedactedText', () => {
  it('returns short text unchanged apart from redaction', () => {
    expect(capRedactedText('hello', 10)).toBe('hello');
    expect(capRedactedText('token sim-rt-abc', 100)).toBe('token ***');
  });

  it('cuts at a character boundary and counts the omitted bytes of the original', () => {
    const text = '€'.repeat(10); // 30 bytes
    expect(capRedactedText(text, 10)).toBe('€€€…[truncated 21 bytes]');
  });

  it('redacts a secret that sits before the cap in a body much larger than the cap', () => {
    const text = `{"refresh_token":"1//0abcdefghijk"}${'x'.repeat(100_000)}`;
    const capped = capRedactedText(text, 40);
    expect(capped).not.toContain('1//0abcdefghijk');
    expect(capped).toMatch(/…\[truncated \d+ bytes\]$/);
  });
});

describe('redactLogUrl', () => {
  it('hides credential query parameters and keeps the others', () => {
    expect(redactLogUrl('/v1beta/models/m:streamGenerateContent?alt=sse&key=AIzaSy123')).toBe(
      '/v1beta/models/m:streamGenerateContent?alt=sse&key=***',
    );
    expect(redactLogUrl('/x?access_token=abc&y=1')).toBe('/x?access_token=***&y=1');
    expect(redactLogUrl('/v1/chat/completions')).toBe('/v1/chat/completions');
  });
});
