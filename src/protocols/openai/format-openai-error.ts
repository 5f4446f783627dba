import { retryAfterHeaders, type FormattedError, type ProtocolError } from '../protocol-error.js';
import { mapProtocolErrorKindToOpenAI } from './map-protocol-error-kind-to-openai.js';

/**
 * Formats an error as OpenAI sends it: `{"error":{"message","type","param","code"}}` with the status the
 * OpenAI SDKs map to the right exception class, plus `retry-after` when the client should wait.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function formatOpenAIError(error: ProtocolError): FormattedError {
  const { type, code } = mapProtocolErrorKindToOpenAI(error.kind);
  return {
    status: error.status,
    headers: retryAfterHeaders(error),
    body: { error: { message: error.message, type, param: null, code } },
  };
}
