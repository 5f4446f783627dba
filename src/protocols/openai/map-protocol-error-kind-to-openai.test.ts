import { describe, expect, it } from 'vitest';
import type { ProtocolErrorKind } from '../protocol-error.js';
import { mapProtocolErrorKindToOpenAI, type OpenAIErrorType } from './map-protocol-error-kind-to-openai.js';

describe('mapProtocolErrorKindToOpenAI', () => {
  const cases: Array<[ProtocolErrorKind, OpenAIErrorType]> = [
    ['invalid_request', { type: 'invalid_request_error', code: null }],
    ['authentication', { type: 'invalid_request_error', code: 'invalid_api_key' }],
    ['permission', { type: 'permission_error', code: null }],
    ['not_found', { type: 'invalid_request_error', code: 'model_not_found' }],
    ['payload_too_large', { type: 'invalid_request_error', code: 'request_too_large' }],
    ['rate_limit', { type: 'requests', code: 'rate_limit_exceeded' }],
    ['api_error', { type: 'server_error', code: null }],
    ['overloaded', { type: 'server_error', code: 'service_unavailable' }],
    ['timeout', { type: 'server_error', code: 'timeout' }],
  ];

  it.each(cases)('%s', (kind, expected) => {
    expect(mapProtocolErrorKindToOpenAI(kind)).toEqual(expected);
  });
});
