import { redactSecrets } from '../shared/redact.js';
import { decodeUtf8 } from '../shared/decode-utf8.js';
import type { LogSummary, RecordedRequestLogEntry, RequestLogEntry } from './request-log-entry.js';

/** Query parameters that carry credentials (Gemini clients send `?key=`). */
const SECRET_QUERY_PARAMETER = /([?&](?:key|api_key|apikey|access_token|token|password)=)[^&#]*/gi;

/** Error texts are short by nature; a longer one is an upstream body pasted whole. */
const MAX_ERROR_BYTES = 4096;

/**
 * Makes an entry safe to store: secrets scrubbed from the url, the error and both bodies, and each body cut to
 * `maxBodyBytes` UTF-8 bytes with a `…[truncated N bytes]` marker (N counts the bytes left out of the original).
 * Runs at flush time, off the request path.
 */
export function sanitizeRequestLogEntry(entry: RecordedRequestLogEntry, maxBodyBytes: number): RequestLogEntry {
  const requestBody = entry.request_body;
  return {
    ...sanitizeLogSummary(entry),
    request_body:
      typeof requestBody === 'string'
        ? capRedactedText(requestBody, maxBodyBytes, entry.request_body_bytes)
        : requestBody === null
          ? null
          : capRedactedBytes(requestBody, maxBodyBytes, entry.request_body_bytes),
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
 * `capRedactedText` for a body kept as the bytes received: only the part redaction reads (see there) is decoded.
 * `originalBytes`: the size of the whole body when `bytes` is already only its beginning.
 */
export function capRedactedBytes(bytes: Uint8Array, maxBytes: number, originalBytes = bytes.length): string {
  const preCutBytes = maxBytes * 2 + 1024;
  const end = bytes.length > preCutBytes ? stepBackToCharacterStart(bytes, preCutBytes) : bytes.length;
  return capRedactedText(decodeUtf8(Buffer.from(bytes.buffer, bytes.byteOffset, end)), maxBytes, originalBytes);
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

/**
 * The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes without splitting a character. Only the first
 * `maxBytes` characters are encoded (a character is at least one byte, so the cut lies within them).
 */
function cutUtf8(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3) return text;
  const head = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const bytes = Buffer.from(head, 'utf8');
  if (bytes.length <= maxBytes) return head;
  return bytes.toString('utf8', 0, stepBackToCharacterStart(bytes, maxBytes));
}

/** `end`, moved back over continuation bytes (10xxxxxx) to the start of the character it would split. */
function stepBackToCharacterStart(bytes: Uint8Array, end: number): number {
  let cut = end;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut -= 1;
  return cut;
}
