import { isRecord, parseLenientJson } from './parse-google-error-body.js';
import { parseDurationMs } from './parse-duration-ms.js';

export interface RetryDelayInput {
  headers?: Record<string, string | string[] | undefined>;
  /** The parsed error JSON, when the caller already has it; otherwise `text` is parsed. */
  body?: unknown;
  text?: string;
}

const DURATION_KEYS = new Set(['quotaResetDelay', 'retryDelay', 'retry_delay', 'quota_reset_delay']);
const TIMESTAMP_KEYS = new Set(['quotaResetTimeStamp', 'quotaResetTimestamp', 'quota_reset_timestamp']);
const MAX_DEPTH = 8;

const DURATION_PATTERN =
  '((?:\\d+(?:\\.\\d+)?\\s*(?:milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)(?![a-z])\\s*)+|\\d+(?:\\.\\d+)?(?![\\d.]))';
const TEXT_PATTERN = new RegExp(`\\b(?:reset|retry|try again|wait|backoff)(?:\\s+(?:after|in|for))?\\s+${DURATION_PATTERN}`, 'gi');

/**
 * How long Google asks us to wait, in whole milliseconds (rounded up), or undefined when it says nothing.
 * Sources, all considered, largest wins (they usually describe the same instant at different precision):
 * the `Retry-After` header (seconds or an HTTP date), `quotaResetDelay` (ErrorInfo metadata) and
 * `RetryInfo.retryDelay` anywhere in the body (`"0.539477544s"`, `"1h2m3.5s"`, `"510.79ms"`, `{seconds, nanos}`),
 * an absolute `quotaResetTimeStamp` still in the future, and phrases such as "reset after 41s" or
 * "retry after 3 seconds" in the text. JSON stringified inside strings is searched too.
 */
export function parseRetryDelay(input: RetryDelayInput, now: number = Date.now()): number | undefined {
  const candidates: number[] = [];
  const retryAfter = readHeader(input.headers, 'retry-after');
  if (retryAfter !== undefined) {
    const fromHeader = parseRetryAfterHeader(retryAfter, now);
    if (fromHeader !== undefined) candidates.push(fromHeader);
  }
  const body = input.body ?? (input.text === undefined ? undefined : parseLenientJson(input.text));
  collectFromJson(body, candidates, now, 0);
  if (input.text !== undefined) collectFromText(input.text, candidates);
  if (candidates.length === 0) return undefined;
  return Math.ceil(Math.max(...candidates));
}

export function parseRetryAfterHeader(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function readHeader(headers: RetryDelayInput['headers'], name: string): string | undefined {
  if (headers === undefined) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value[0];
    return value;
  }
  return undefined;
}

function collectFromJson(value: unknown, candidates: number[], now: number, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const entry of value) collectFromJson(entry, candidates, now, depth + 1);
    return;
  }
  if (typeof value === 'string') {
    const start = value.search(/[[{]/);
    if (start >= 0) collectFromJson(parseLenientJson(value.slice(start)), candidates, now, depth + 1);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, entry] of Object.entries(value)) {
    if (DURATION_KEYS.has(key)) {
      const delay = parseDurationMs(entry);
      if (delay !== undefined) candidates.push(delay);
    } else if (TIMESTAMP_KEYS.has(key) && typeof entry === 'string') {
      const at = Date.parse(entry);
      if (!Number.isNaN(at) && at > now) candidates.push(at - now);
    } else if (key === 'message' && typeof entry === 'string') {
      collectFromText(entry, candidates);
      collectFromJson(entry, candidates, now, depth + 1);
    } else {
      collectFromJson(entry, candidates, now, depth + 1);
    }
  }
}

function collectFromText(text: string, candidates: number[]): void {
  for (const match of text.matchAll(TEXT_PATTERN)) {
    const delay = parseDurationMs(match[1]?.trim());
    if (delay !== undefined) candidates.push(delay);
  }
}
