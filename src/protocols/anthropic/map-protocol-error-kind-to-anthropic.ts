import type { ProtocolErrorKind } from '../protocol-error.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

/**
 * The `error.type` an Anthropic client expects for each kind of failure.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function mapProtocolErrorKindToAnthropic(kind: ProtocolErrorKind): AnthropicErrorType {
  switch (kind) {
    case 'invalid_request':
      return 'invalid_request_error';
    case 'authentication':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'not_found':
      return 'not_found_error';
    case 'payload_too_large':
      return 'request_too_large';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'timeout':
      return 'timeout_error';
    case 'api_error':
    default:
      return 'api_error';
  }
}
