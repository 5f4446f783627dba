import { lastScanStartBeforeCleanSuffix, redactSecrets, redactSecretsInUtf8, scanStartAfterCleanPrefix } from '../shared/redact.js';
import type { RecentCleanBodies } from './recent-clean-bodies.js';
import type { LogSummary, RequestLogEntry } from './request-log-entry.js';

/** An entry ready for its row: each body is text, or the UTF-8 bytes of its text (stored as TEXT). */
export type StoredRequestLogEntry = Omit<RequestLogEntry, 'request_body' | 'response_body'> & {
  request_body: string | Buffer | null;
  response_body: string | Buffer | null;
};

/** What sanitizing takes: bodies as text or as the UTF-8 bytes of their text. */
export type SanitizableRequestLogEntry = Omit<RequestLogEntry, 'request_body' | 'response_body'> & {
  request_body: string | Uint8Array | null;
  response_body: string | Uint8Array | null;
};

/** Query parameters that carry credentials (Gemini clients send `?key=`). */
const SECRET_QUERY_PARAMETER = /([?&](?:key|api_key|apikey|access_token|token|password)=)[^&#]*/gi;

/** Error texts are short by nature; a longer one is an upstream body pasted whole. */
const MAX_ERROR_BYTES = 4096;

/**
 * Makes an entry safe to store: secrets scrubbed from the url, the error and both bodies, and each body cut to
 * `maxBodyBytes` UTF-8 bytes with a `…[truncated N bytes]` marker (N counts the bytes left out of the original).
 * Runs at flush time, off the request path.
 */
export function sanitizeRequestLogEntry(entry: SanitizableRequestLogEntry, maxBodyBytes: number): StoredRequestLogEntry {
  return {
    ...sanitizeLogSummary(entry),
    request_body: joinCappedBody(capRedactedBody(entry.request_body, maxBodyBytes, entry.request_body_bytes)),
    response_body: joinCappedBody(capRedactedBody(entry.response_body, maxBodyBytes)),
  };
}

/** A body made safe to store: what is kept of it, and the truncation marker that follows it ('' when whole). */
export interface CappedBody {
  kept: string | Buffer;
  marker: string;
}

/**
 * A body (text, or the UTF-8 bytes of its text) redacted and capped, with the marker apart: the request log's
 * writer has SQLite append it, which spares a copy of the kept bytes. `originalBytes` as in `capRedactedUtf8`.
 * `recent`: bodies scanned before and found clean; the scan of bytes skips the beginning and the end a body shares with
 * one of them, and a body found clean is added.
 */
export function capRedactedBody(body: string | Uint8Array | null, maxBytes: number, originalBytes?: number, recent?: RecentCleanBodies): CappedBody | null {
  if (body === null) return null;
  if (typeof body === 'string') return { kept: capRedactedText(body, maxBytes, originalBytes), marker: '' };
  return capRedactedUtf8Parts(body, maxBytes, originalBytes, recent);
}

function joinCappedBody(body: CappedBody | null): string | Buffer | null {
  if (body === null || body.marker === '') return body?.kept ?? null;
  return typeof body.kept === 'string' ? body.kept + body.marker : Buffer.concat([body.kept, Buffer.from(body.marker)]);
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
 * `capRedactedText` for a body kept as the bytes received, without decoding it: redaction reads the bytes as
 * Latin-1 (`redactSecretsInUtf8`) and the cut steps back to a character start, so the result is the UTF-8 of what
 * `capRedactedText` would give (masking at least as much), and is stored as text as it is.
 * `originalBytes`: the size of the whole body when `bytes` is already only its beginning.
 */
export function capRedactedUtf8(bytes: Uint8Array, maxBytes: number, originalBytes = bytes.length): Buffer {
  const { kept, marker } = capRedactedUtf8Parts(bytes, maxBytes, originalBytes);
  return marker === '' ? kept : Buffer.concat([kept, Buffer.from(marker)]);
}

/** `capRedactedUtf8` with the truncation marker apart (`kept` may be a view of `bytes`). */
function capRedactedUtf8Parts(bytes: Uint8Array, maxBytes: number, originalBytes = bytes.length, recent?: RecentCleanBodies): { kept: Buffer; marker: string } {
  const preCutBytes = maxBytes * 2 + 1024;
  const end = originalBytes > preCutBytes ? stepBackToCharacterStart(bytes, Math.min(preCutBytes, bytes.length)) : bytes.length;
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  const shared = recent?.longestSharedPrefix(source);
  const sharedEnd = recent?.longestSharedSuffix(source) ?? 0;
  const redacted = redactSecretsInUtf8(
    source,
    shared === undefined ? 0 : scanStartAfterCleanPrefix(source, shared.length),
    sharedEnd === 0 ? Infinity : lastScanStartBeforeCleanSuffix(source, sharedEnd),
  );
  if (redacted === source && shared !== undefined) recent?.remember(source, shared);
  if (originalBytes <= maxBytes && redacted.length <= maxBytes) return { kept: redacted, marker: '' };
  const kept = redacted.length > maxBytes ? redacted.subarray(0, stepBackToCharacterStart(redacted, maxBytes)) : redacted;
  const omitted = Math.max(0, originalBytes - kept.length);
  return { kept, marker: omitted === 0 ? '' : `…[truncated ${omitted} bytes]` };
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
