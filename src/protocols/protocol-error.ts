/**
 * A protocol-neutral description of an error to send to a client. Each protocol formats it into its
 * native body (`format-openai-error.ts`, `format-anthropic-error.ts`, `format-gemini-error.ts`) with the
 * HTTP status its SDK maps to the right exception class.
 */
export type ProtocolErrorKind =
  | 'invalid_request' // 400
  | 'authentication' // 401
  | 'permission' // 403
  | 'not_found' // 404
  | 'payload_too_large' // 413
  | 'rate_limit' // 429
  | 'api_error' // 500 / 502
  | 'overloaded' // 503 (no account can serve) / 529
  | 'timeout'; // 504

export interface ProtocolError {
  status: number;
  kind: ProtocolErrorKind;
  message: string;
  /** Seconds a client should wait before retrying (429 / 503). Sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** A short class recorded in the request log before the message (`bare_rate_limit: …`). */
  errorClass?: string;
  /** Retrying the same request cannot help: sent as `x-should-retry: false`, which the OpenAI and Anthropic SDKs obey. */
  noRetry?: boolean;
}

/** The request log's error text: the class, when there is one, then the message. */
export function describeProtocolErrorForLog(error: ProtocolError): string {
  return error.errorClass === undefined ? error.message : `${error.errorClass}: ${error.message}`;
}

export interface FormattedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function kindForStatus(status: number): ProtocolErrorKind {
  if (status === 400 || status === 405 || status === 409 || status === 415 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 504 || status === 408) return 'timeout';
  return 'api_error';
}

export function retryAfterHeaders(error: ProtocolError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  if (error.noRetry === true) headers['x-should-retry'] = 'false';
  return headers;
}
