import { retryAfterHeaders, type FormattedError, type ProtocolError } from '../protocol-error.js';
import { mapProtocolErrorKindToAnthropic } from './map-protocol-error-kind-to-anthropic.js';

/**
 * An Anthropic error response: `{type:"error", error:{type, message}}` with the status the SDK maps to the right
 * exception class, plus `retry-after` when the error says how long to wait.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function formatAnthropicError(error: ProtocolError): FormattedError {
  return {
    status: error.status,
    headers: retryAfterHeaders(error),
    body: formatAnthropicErrorBody(error),
  };
}

export function formatAnthropicErrorBody(error: ProtocolError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: mapProtocolErrorKindToAnthropic(error.kind), message: error.message } };
}
