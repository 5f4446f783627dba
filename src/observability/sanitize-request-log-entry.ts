import { redactSecrets } from '../shared/redact.js';
import type { LogSummary, RequestLogEntry } from './request-log-entry.js';

/** Query parameters that carry credentials (Gemini clients send `?key=`). */
const SECRET_QUERY_PARAMETER = /([?&](?:key|api_key|apikey|access_token|token|password)=)[^&#]*/gi;

/** Error texts are short by nature; a longer one is an upstream body pasted whole. */
const MAX_ERROR_BYTES = 4096;

/**
 * Makes an entry safe to store: secrets scrubbed from the url, the error and both bodies, and each body cut to
 * `maxBodyBytes` UTF-8 bytes with a `…[truncated N bytes]` marker (N counts the bytes left out of the original).
 * Runs at flush time, off the request path.
 */
export function sanitizeRequestLogEntry(entry: RequestLogEntry, maxBodyBytes: number): RequestLogEntry {
  return {
    ...sanitizeLogSummary(entry),
    request_body: typeof entry.request_body === 'string' ? capRedactedText(entry.request_body, maxBodyBytes, entry.request_body_bytes) : null,
    response_body: typeof entry.response_body === 'string' ? capRedactedText(entry.response_body, maxBodyBytes) : null,
  };
}

/** The cheap part of sanitizing (url and error), for summaries sent to live listeners at record time. */
export function sanitizeLogSummary<T extends LogSummary>(summary: T): T {
  return {
    ...summary,
    url: redactLogUrl(summary.url),
    error: typeof summary.error === 'string' ? capRedactedText(summary.error, MAX_ERROR_BYTES) : null,
  };
}

export function redactLogUrl(url: string): string {
  return redactSecrets(url.replace(SECRET_QUERY_PARAMETER, '$1***'));
}

/**
 * Redacts, then caps. A huge body is pre-cut to a little over twice the cap first so redaction stays cheap; a
 * secret split by that pre-cut lies beyond the final cap anyway. `originalBytes`: the size of the whole text when
 * `text` is already only its beginning.
 */
export function capRedactedText(text: string, maxBytes: number, originalBytes = Buffer.byteLength(text, 'utf8')): string {
  const preCutBytes = maxBytes * 2 + 1024;
  const source = originalBytes > preCutBytes ? cutUtf8(text, preCutBytes) : text;
  const redacted = redactSecrets(source);
  const redactedBytes = Buffer.byteLength(redacted, 'utf8');
  if (originalBytes <= maxBytes && redactedBytes <= maxBytes) return redacted;
  const kept = cutUtf8(redacted, maxBytes);
  const omitted = Math.max(0, originalBytes - Buffer.byteLength(kept, 'utf8'));
  if (omitted === 0) return kept;
  return `${kept}…[truncated ${omitted} bytes]`;
}

/** The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes without splitting a character. */
function cutUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
