import { describe, it, expect } from 'vitest';
import { kindForStatus } from '../protocol-error.js';
import { formatGeminiError } from './format-gemini-error.js';

describe('formatGeminiError', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [413, 'INVALID_ARGUMENT'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [502, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('maps %i to %s', (status, googleStatus) => {
    const formatted = formatGeminiError({ status, kind: kindForStatus(status), message: 'something happened' });
    expect(formatted).toEqual({
      status,
      headers: {},
      body: { error: { code: status, message: 'something happened', status: googleStatus } },
    });
  });

  it('adds RetryInfo and Retry-After to a 429 with a known wait', () => {
    const formatted = formatGeminiError({ status: 429, kind: 'rate_limit', message: 'All accounts limited', retryAfterSeconds: 12.2 });
    expect(formatted).toEqual({
      status: 429,
      headers: { 'retry-after': '13' },
      body: {
        error: {
          code: 429,
          message: 'All accounts limited',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' }],
        },
      },
    });
  });

  it('keeps Retry-After but no RetryInfo on a 503', () => {
    const formatted = formatGeminiError({ status: 503, kind: 'overloaded', message: 'No available accounts', retryAfterSeconds: 5 });
    expect(formatted.headers).toEqual({ 'retry-after': '5' });
    expect(formatted.body).toEqual({ error: { code: 503, message: 'No available accounts', status: 'UNAVAILABLE' } });
  });
});
