import { retryAfterHeaders } from '../protocol-error.js';
import type { FormattedError, ProtocolError, ProtocolErrorKind } from '../protocol-error.js';

/**
 * The google.rpc error body every Gemini client understands:
 * `{"error":{"code":<http status>,"message","status":"<canonical code>"}}`. A 429 with a known wait also carries
 * a `RetryInfo` detail, as Google's own quota errors do, so SDK retry logic can read it.
 * @see https://cloud.google.com/apis/design/errors#error_model
 */
export function formatGeminiError(error: ProtocolError): FormattedError {
  const body: { code: number; message: string; status: string; details?: unknown[] } = {
    code: error.status,
    message: error.message,
    status: mapKindToGoogleStatus(error.kind),
  };
  if (error.status === 429 && error.retryAfterSeconds !== undefined) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
    body.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` }];
  }
  return { status: error.status, headers: retryAfterHeaders(error), body: { error: body } };
}

/** @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto */
function mapKindToGoogleStatus(kind: ProtocolErrorKind): string {
  switch (kind) {
    case 'invalid_request':
    case 'payload_too_large':
      return 'INVALID_ARGUMENT';
    case 'authentication':
      return 'UNAUTHENTICATED';
    case 'permission':
      return 'PERMISSION_DENIED';
    case 'not_found':
      return 'NOT_FOUND';
    case 'rate_limit':
      return 'RESOURCE_EXHAUSTED';
    case 'overloaded':
      return 'UNAVAILABLE';
    case 'timeout':
      return 'DEADLINE_EXCEEDED';
    case 'api_error':
    default:
      return 'INTERNAL';
  }
}
