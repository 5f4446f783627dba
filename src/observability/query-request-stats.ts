import type Database from 'better-sqlite3';
import { HOUR_MS } from './request-stats-rollup.js';

/** The dimensions the statistics can be broken down by (columns of `request_stats_hourly`). */
export const STATS_DIMENSIONS = ['model', 'account', 'client_key', 'protocol'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

const DIMENSION_COLUMNS: Record<StatsDimension, string> = {
  model: 'model',
  account: 'account_email',
  client_key: 'client_key',
  protocol: 'protocol',
};

export interface StatsRange {
  /** Unix ms, inclusive; rounded down to its hour. */
  fromMs: number;
  /** Unix ms, exclusive; rounded up to an hour. */
  toMs: number;
  /** Only rows whose dimension equals the value ('' = none recorded). */
  filter?: Partial<Record<StatsDimension, string>>;
}

export interface StatsTotals {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  /** Mean duration of the requests, ms (0 without requests). */
  avg_duration_ms: number;
}

export interface StatsBucket extends StatsTotals {
  /** Unix ms at which the bucket starts. */
  start: number;
}

export interface StatsGroup extends StatsTotals {
  /** The model, account email, client key label or protocol; '' when none was recorded. */
  key: string;
}

const SUMS = `COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(errors), 0) AS errors,
  COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
  COALESCE(SUM(cached_tokens), 0) AS cached_tokens, COALESCE(SUM(duration_ms), 0) AS duration_ms`;

type SumsRow = Omit<StatsTotals, 'avg_duration_ms'> & { duration_ms: number };

function toTotals(row: SumsRow): StatsTotals {
  return {
    requests: row.requests,
    errors: row.errors,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    cached_tokens: row.cached_tokens,
    avg_duration_ms: row.requests > 0 ? Math.round(row.duration_ms / row.requests) : 0,
  };
}

function buildWhere(range: StatsRange): { where: string; parameters: (string | number)[] } {
  const conditions = ['hour >= ?', 'hour < ?'];
  const parameters: (string | number)[] = [Math.floor(range.fromMs / HOUR_MS), Math.ceil(range.toMs / HOUR_MS)];
  for (const dimension of STATS_DIMENSIONS) {
    const value = range.filter?.[dimension];
    if (value === undefined) continue;
    conditions.push(`${DIMENSION_COLUMNS[dimension]} = ?`);
    parameters.push(value);
  }
  return { where: `WHERE ${conditions.join(' AND ')}`, parameters };
}

/**
 * Read-only queries over `request_stats_hourly`. Every query is bounded by an hour range, which the table's
 * primary key (hour first) turns into an index range scan. Statements are prepared once and reused.
 */
export class RequestStatsQueries {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly database: Database.Database) {}

  totals(range: StatsRange): StatsTotals {
    const { where, parameters } = buildWhere(range);
    return toTotals(this.prepare(`SELECT ${SUMS} FROM request_stats_hourly ${where}`).get(...parameters) as SumsRow);
  }

  /**
   * One bucket per hour or per day from `fromMs` to `toMs`, empty ones included. Days start at local midnight
   * for `utcOffsetMinutes` (the viewer's offset from UTC, e.g. 480 for UTC+8).
   */
  timeline(range: StatsRange, bucket: 'hour' | 'day', utcOffsetMinutes = 0): StatsBucket[] {
    const { where, parameters } = buildWhere(range);
    const rows = this.prepare(`SELECT hour, ${SUMS} FROM request_stats_hourly ${where} GROUP BY hour ORDER BY hour`).all(
      ...parameters,
    ) as (SumsRow & { hour: number })[];
    const offsetMs = utcOffsetMinutes * 60_000;
    const bucketMs = bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS;
    const startOf = (ms: number) => (bucket === 'hour' ? Math.floor(ms / HOUR_MS) * HOUR_MS : Math.floor((ms + offsetMs) / bucketMs) * bucketMs - offsetMs);
    const sums = new Map<number, SumsRow>();
    for (const row of rows) {
      const start = startOf(row.hour * HOUR_MS);
      const current = sums.get(start);
      if (current === undefined) {
        sums.set(start, { ...row });
        continue;
      }
      current.requests += row.requests;
      current.errors += row.errors;
      current.input_tokens += row.input_tokens;
      current.output_tokens += row.output_tokens;
      current.cached_tokens += row.cached_tokens;
      current.duration_ms += row.duration_ms;
    }
    const empty: SumsRow = { requests: 0, errors: 0, input_tokens: 0, output_tokens: 0, cached_tokens: 0, duration_ms: 0 };
    const buckets: StatsBucket[] = [];
    for (let start = startOf(range.fromMs); start < range.toMs; start += bucketMs) {
      buckets.push({ start, ...toTotals(sums.get(start) ?? empty) });
    }
    return buckets;
  }

  /** Totals per model / account / client key / protocol, most tokens first, at most `limit` groups. */
  breakdown(range: StatsRange, dimension: StatsDimension, limit = 50): StatsGroup[] {
    const { where, parameters } = buildWhere(range);
    const column = DIMENSION_COLUMNS[dimension];
    const rows = this.prepare(
      `SELECT ${column} AS key, ${SUMS} FROM request_stats_hourly ${where} GROUP BY ${column}
       ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC, SUM(requests) DESC, key LIMIT ?`,
    ).all(...parameters, limit) as (SumsRow & { key: string })[];
    return rows.map((row) => ({ key: row.key, ...toTotals(row) }));
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
