import type { ProtocolErrorKind } from '../protocol-error.js';

export interface OpenAIErrorType {
  type: string;
  code: string | null;
}

/**
 * The `error.type` / `error.code` pair OpenAI uses for each kind of failure. Clients mostly key on the HTTP
 * status; these values match what OpenAI itself sends so that logs and the odd `code` check read naturally.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function mapProtocolErrorKindToOpenAI(kind: ProtocolErrorKind): OpenAIErrorType {
  switch (kind) {
    case 'invalid_request':
      return { type: 'invalid_request_error', code: null };
    case 'authentication':
      return { type: 'invalid_request_error', code: 'invalid_api_key' };
    case 'permission':
      return { type: 'permission_error', code: null };
    case 'not_found':
      return { type: 'invalid_request_error', code: 'model_not_found' };
    case 'payload_too_large':
      return { type: 'invalid_request_error', code: 'request_too_large' };
    case 'rate_limit':
      return { type: 'requests', code: 'rate_limit_exceeded' };
    case 'overloaded':
      return { type: 'server_error', code: 'service_unavailable' };
    case 'timeout':
      return { type: 'server_error', code: 'timeout' };
    case 'api_error':
    default:
      return { type: 'server_error', code: null };
  }
}
