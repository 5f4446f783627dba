import { describe, expect, it } from 'vitest';
import { kindForStatus } from '../protocol-error.js';
import { formatAnthropicError } from './format-anthropic-error.js';

describe('formatAnthropicError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [529, 'overloaded_error'],
    [504, 'timeout_error'],
  ])('status %i becomes %s', (status, type) => {
    expect(formatAnthropicError({ status, kind: kindForStatus(status), message: 'something happened' })).toEqual({
      status,
      headers: {},
      body: { type: 'error', error: { type, message: 'something happened' } },
    });
  });

  it('adds retry-after when the error says how long to wait', () => {
    expect(
      formatAnthropicError({ status: 429, kind: 'rate_limit', message: 'All accounts limited. Wait 30s.', retryAfterSeconds: 29.2 }),
    ).toEqual({
      status: 429,
      headers: { 'retry-after': '30' },
      body: { type: 'error', error: { type: 'rate_limit_error', message: 'All accounts limited. Wait 30s.' } },
    });
  });
});
