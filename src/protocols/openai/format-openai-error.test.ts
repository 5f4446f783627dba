import { describe, expect, it } from 'vitest';
import type { FormattedError, ProtocolError } from '../protocol-error.js';
import { formatOpenAIError } from './format-openai-error.js';

describe('formatOpenAIError', () => {
  const cases: Array<[string, ProtocolError, FormattedError]> = [
    [
      'invalid request',
      { status: 400, kind: 'invalid_request', message: 'messages: is required' },
      { status: 400, headers: {}, body: { error: { message: 'messages: is required', type: 'invalid_request_error', param: null, code: null } } },
    ],
    [
      'bad API key',
      { status: 401, kind: 'authentication', message: 'Invalid API key' },
      { status: 401, headers: {}, body: { error: { message: 'Invalid API key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } },
    ],
    [
      'unknown model',
      { status: 404, kind: 'not_found', message: 'The model x does not exist' },
      { status: 404, headers: {}, body: { error: { message: 'The model x does not exist', type: 'invalid_request_error', param: null, code: 'model_not_found' } } },
    ],
    [
      'rate limited with a fractional retry-after',
      { status: 429, kind: 'rate_limit', message: 'All accounts limited', retryAfterSeconds: 12.2 },
      {
        status: 429,
        headers: { 'retry-after': '13' },
        body: { error: { message: 'All accounts limited', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
      },
    ],
    [
      'no account can serve',
      { status: 503, kind: 'overloaded', message: 'No available accounts', retryAfterSeconds: 30 },
      {
        status: 503,
        headers: { 'retry-after': '30' },
        body: { error: { message: 'No available accounts', type: 'server_error', param: null, code: 'service_unavailable' } },
      },
    ],
    [
      'upstream failure with its own status',
      { status: 502, kind: 'api_error', message: 'Upstream 500' },
      { status: 502, headers: {}, body: { error: { message: 'Upstream 500', type: 'server_error', param: null, code: null } } },
    ],
    [
      'timeout',
      { status: 504, kind: 'timeout', message: 'Upstream timed out' },
      { status: 504, headers: {}, body: { error: { message: 'Upstream timed out', type: 'server_error', param: null, code: 'timeout' } } },
    ],
  ];

  it.each(cases)('%s', (_name, error, expected) => {
    expect(formatOpenAIError(error)).toEqual(expected);
  });
});
