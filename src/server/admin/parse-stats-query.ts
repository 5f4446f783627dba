import { STATS_DIMENSIONS, STATS_RETENTION_DAYS, type StatsDimension, type StatsRange } from '../../observability/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_SPAN_MS = DAY_MS;
/** The widest range one query may cover (the statistics are not kept longer). */
export const MAX_STATS_SPAN_MS = STATS_RETENTION_DAYS * DAY_MS;

export interface StatsQuery {
  range: StatsRange;
  bucket: 'hour' | 'day';
  utcOffsetMinutes: number;
  limit: number;
}

export type ParsedStatsQuery = { ok: true; query: StatsQuery } | { ok: false; message: string };

/** `1700000000000` (unix ms) or an ISO 8601 date/time; undefined when absent. */
function parseInstant(value: string | undefined, name: string): number | undefined | Error {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) return new Error(`${name} must be unix milliseconds or an ISO 8601 date (got "${value}")`);
  return ms;
}

/** `24h`, `7d`, `30d`: a span ending now. */
function parseSpan(value: string | undefined): number | undefined | Error {
  if (value === undefined || value === '') return undefined;
  const match = /^(\d+)([hd])$/.exec(value);
  if (!match) return new Error(`range must look like 24h or 7d (got "${value}")`);
  return Number(match[1]) * (match[2] === 'h' ? HOUR_MS : DAY_MS);
}

/**
 * The query string of `GET /api/stats*`: `from`/`to` (unix ms or ISO 8601; default the last 24 h), or `range=7d`;
 * `bucket=hour|day`; `utc_offset` (minutes east of UTC, for day buckets); `limit` (groups, 1-500); filters `model`,
 * `account`, `client_key`, `protocol`. Ranges are bounded to what the statistics keep.
 */
export function parseStatsQuery(query: Record<string, string | undefined>, nowMs: number): ParsedStatsQuery {
  const from = parseInstant(query.from, 'from');
  const to = parseInstant(query.to, 'to');
  const span = parseSpan(query.range);
  for (const value of [from, to, span]) if (value instanceof Error) return { ok: false, message: value.message };
  const toMs = (to as number | undefined) ?? nowMs;
  const fromMs = (from as number | undefined) ?? toMs - ((span as number | undefined) ?? DEFAULT_SPAN_MS);
  if (fromMs >= toMs) return { ok: false, message: 'from must be before to' };
  if (toMs - fromMs > MAX_STATS_SPAN_MS) return { ok: false, message: `the range may span at most ${STATS_RETENTION_DAYS} days` };

  const bucket = query.bucket ?? (toMs - fromMs > 3 * DAY_MS ? 'day' : 'hour');
  if (bucket !== 'hour' && bucket !== 'day') return { ok: false, message: `bucket must be hour or day (got "${bucket}")` };
  const offset = query.utc_offset === undefined || query.utc_offset === '' ? 0 : Number(query.utc_offset);
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) return { ok: false, message: 'utc_offset must be whole minutes between -840 and 840' };
  const limit = query.limit === undefined || query.limit === '' ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return { ok: false, message: 'limit must be a whole number from 1 to 500' };

  const filter: Partial<Record<StatsDimension, string>> = {};
  for (const dimension of STATS_DIMENSIONS) {
    const value = query[dimension];
    if (value !== undefined) filter[dimension] = value.slice(0, 500);
  }
  return { ok: true, query: { range: { fromMs, toMs, filter }, bucket, utcOffsetMinutes: offset, limit } };
}
