import { describe, expect, it } from 'vitest';
import { formatJsonBody } from './format-json-body';
import { maskSecret } from './mask-secret';

describe('formatJsonBody', () => {
  it('pretty-prints JSON values and JSON held in strings', () => {
    expect(formatJsonBody({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatJsonBody('{"model":"m","messages":[]}')).toBe('{\n  "model": "m",\n  "messages": []\n}');
  });

  it('leaves SSE, plain text and broken JSON as they are', () => {
    const sse = 'event: message_start\ndata: {"type":"message_start"}\n\n';
    expect(formatJsonBody(sse)).toBe(sse);
    expect(formatJsonBody('{"cut": "off')).toBe('{"cut": "off');
  });

  it('gives an empty string for missing bodies', () => {
    expect(formatJsonBody(undefined)).toBe('');
    expect(formatJsonBody(null)).toBe('');
    expect(formatJsonBody('')).toBe('');
  });
});

describe('maskSecret', () => {
  it('keeps the sk- prefix and the last four characters', () => {
    expect(maskSecret('sk-abcdef1234567890')).toBe('sk-••••••••7890');
    expect(maskSecret('plainsecretvalue')).toBe('••••••••alue');
  });

  it('masks short values completely', () => {
    expect(maskSecret('short')).toBe('•••••');
    expect(maskSecret('')).toBe('');
  });
});
