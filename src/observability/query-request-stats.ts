import type Database from 'better-sqlite3';
import { DAY_HOURS, HOUR_MS, ROLLUP_TABLES } from './request-stats-rollup.js';

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

function buildFilter(range: StatsRange): { conditions: string[]; parameters: string[] } {
  const conditions: string[] = [];
  const parameters: string[] = [];
  for (const dimension of STATS_DIMENSIONS) {
    const value = range.filter?.[dimension];
    if (value === undefined) continue;
    conditions.push(`${DIMENSION_COLUMNS[dimension]} = ?`);
    parameters.push(value);
  }
  return { conditions, parameters };
}

function hourBounds(range: StatsRange): [number, number] {
  return [Math.floor(range.fromMs / HOUR_MS), Math.ceil(range.toMs / HOUR_MS)];
}

/**
 * The rows covering the range, as one `FROM (…)` source with the dimension columns and the sums: whole UTC days from
 * the daily table, the hours at either edge from the hourly one (a 30-day range reads ~30 daily rows per key instead
 * of ~720 hourly ones). Short ranges read hourly rows only.
 */
function buildRangeSource(range: StatsRange, columns: string): { sql: string; parameters: (string | number)[] } {
  const [fromHour, toHour] = hourBounds(range);
  const filter = buildFilter(range);
  const where = (bounds: string) => [bounds, ...filter.conditions].join(' AND ');
  const firstDay = Math.ceil(fromHour / DAY_HOURS);
  const endDay = Math.floor(toHour / DAY_HOURS);
  if (endDay - firstDay < 2) {
    return {
      sql: `SELECT ${columns} FROM ${ROLLUP_TABLES.hourly.name} WHERE ${where('hour >= ? AND hour < ?')}`,
      parameters: [fromHour, toHour, ...filter.parameters],
    };
  }
  return {
    sql:
      `SELECT ${columns} FROM ${ROLLUP_TABLES.daily.name} WHERE ${where('day >= ? AND day < ?')} UNION ALL ` +
      `SELECT ${columns} FROM ${ROLLUP_TABLES.hourly.name} WHERE ${where('((hour >= ? AND hour < ?) OR (hour >= ? AND hour < ?))')}`,
    parameters: [firstDay, endDay, ...filter.parameters, fromHour, firstDay * DAY_HOURS, endDay * DAY_HOURS, toHour, ...filter.parameters],
  };
}

const SUM_LIST = 'requests, errors, input_tokens, output_tokens, cached_tokens, duration_ms';

/**
 * Read-only queries over `request_stats_hourly`. Every query is bounded by an hour range, which the table's
 * primary key (hour first) turns into an index range scan. Statements are prepared once and reused.
 */
export class RequestStatsQueries {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly database: Database.Database) {}

  totals(range: StatsRange): StatsTotals {
    const source = buildRangeSource(range, SUM_LIST);
    return toTotals(this.prepare(`SELECT ${SUMS} FROM (${source.sql})`).get(...source.parameters) as SumsRow);
  }

  /**
   * One bucket per hour or per day from `fromMs` to `toMs`, empty ones included. Days start at local midnight
   * for `utcOffsetMinutes` (the viewer's offset from UTC, e.g. 480 for UTC+8).
   */
  timeline(range: StatsRange, bucket: 'hour' | 'day', utcOffsetMinutes = 0): StatsBucket[] {
    const [fromHour, toHour] = hourBounds(range);
    const filter = buildFilter(range);
    // Without a filter, one row per hour from the totals table; with one, the hourly rows of that model/account/….
    const table = filter.conditions.length === 0 ? ROLLUP_TABLES.hourlyTotals.name : ROLLUP_TABLES.hourly.name;
    const where = ['hour >= ?', 'hour < ?', ...filter.conditions].join(' AND ');
    const rows = this.prepare(`SELECT hour, ${SUMS} FROM ${table} WHERE ${where} GROUP BY hour ORDER BY hour`).all(
      fromHour,
      toHour,
      ...filter.parameters,
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
    const column = DIMENSION_COLUMNS[dimension];
    const source = buildRangeSource(range, `${column} AS key, ${SUM_LIST}`);
    const rows = this.prepare(
      `SELECT key, ${SUMS} FROM (${source.sql}) GROUP BY key
       ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC, SUM(requests) DESC, key LIMIT ?`,
    ).all(...source.parameters, limit) as (SumsRow & { key: string })[];
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
