/** One finished client request, as stored in the `request_logs` table of `proxy_logs.db`. */
export interface RequestLogEntry {
  id: string;
  /** Unix milliseconds when the request started. */
  timestamp: number;
  method: string;
  url: string;
  status: number;
  /** Milliseconds. */
  duration: number;
  model: string | null;
  mapped_model: string | null;
  account_email: string | null;
  protocol: 'openai' | 'anthropic' | 'gemini' | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  error: string | null;
  request_body: string | null;
  /**
   * UTF-8 size of the whole request body when `request_body` holds only its beginning (the server keeps no more of
   * a large body than the log can store); not a column, it makes the truncation marker count the right bytes.
   */
  request_body_bytes?: number;
  response_body: string | null;
  client_ip: string | null;
  username: string | null;
}

/**
 * An entry as recorded: the request body may still be the bytes as received, and the response the pieces it was
 * sent in, as text or as its UTF-8 bytes (redacted, capped and joined by the log's writer thread, off the request path
 * and the event loop).
 */
export type RecordedRequestLogEntry = Omit<RequestLogEntry, 'request_body' | 'response_body'> & {
  request_body: string | Uint8Array | null;
  response_body: RecordedResponse;
};

/** A response as recorded: text, UTF-8 bytes, or pieces of either (each piece whole characters). */
export type RecordedResponse = string | Uint8Array | readonly (string | Uint8Array)[] | null;

/** What lists, the live view and `GET /api/logs` show: the entry without bodies and client identity. */
export type LogSummary = Omit<RequestLogEntry, 'request_body' | 'response_body' | 'client_ip' | 'username'>;

export interface LogQuery {
  /** 50 by default, at most 1000. */
  limit?: number;
  offset?: number;
  /** An exact status, or `'errors'` for status >= 400 or a recorded error. */
  status?: number | 'errors';
  /** Case-insensitive substring of the requested or the mapped model. */
  model?: string;
  /** Case-insensitive substring of the account email. */
  account?: string;
  /** Exact protocol: `openai`, `anthropic` or `gemini`. */
  protocol?: string;
  errorsOnly?: boolean;
}

export function summarizeRequestLogEntry(entry: RecordedRequestLogEntry): LogSummary {
  return {
    id: entry.id,
    timestamp: entry.timestamp,
    method: entry.method,
    url: entry.url,
    status: entry.status,
    duration: entry.duration,
    model: entry.model,
    mapped_model: entry.mapped_model,
    account_email: entry.account_email,
    protocol: entry.protocol,
    input_tokens: entry.input_tokens,
    output_tokens: entry.output_tokens,
    cached_tokens: entry.cached_tokens,
    error: entry.error,
  };
}
