import type Database from 'better-sqlite3';
import type { RequestLogEntry } from './request-log-entry.js';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_HOURS = 24;

/**
 * The statistics tables in `proxy_logs.db`, sums kept as requests are logged (bench/measure-stats-queries.mjs: with
 * 1M log rows, grouping `request_logs` directly holds the gateway's only thread for about a second per question):
 *
 * - `request_stats_hourly`: hour × upstream model × account × client key × protocol — filtered questions and the
 *   partial days at the edges of a range;
 * - `request_stats_daily`: the same per UTC day — whole days of long ranges (24× fewer rows to read);
 * - `request_stats_hourly_totals`: per hour only — the unfiltered timeline (one row per hour whatever the traffic mix).
 *
 * Empty strings stand for "none" so the primary keys stay unique. `request_stats_meta` holds the schema version and the
 * backfill progress.
 */
export const ROLLUP_SCHEMA_VERSION = 2;

const SUM_COLUMNS = ['requests', 'errors', 'input_tokens', 'output_tokens', 'cached_tokens', 'duration_ms'] as const;
export const DIMENSION_KEY_COLUMNS = ['model', 'account_email', 'client_key', 'protocol'] as const;

interface RollupTable {
  name: string;
  keyColumns: readonly string[];
}

export const ROLLUP_TABLES = {
  hourly: { name: 'request_stats_hourly', keyColumns: ['hour', ...DIMENSION_KEY_COLUMNS] },
  daily: { name: 'request_stats_daily', keyColumns: ['day', ...DIMENSION_KEY_COLUMNS] },
  hourlyTotals: { name: 'request_stats_hourly_totals', keyColumns: ['hour'] },
} as const satisfies Record<string, RollupTable>;

function createTableSql(table: RollupTable): string {
  const keys = table.keyColumns.map((column) => `${column} ${column === 'hour' || column === 'day' ? 'INTEGER' : 'TEXT'} NOT NULL`);
  const sums = SUM_COLUMNS.map((column) => `${column} INTEGER NOT NULL`);
  return `CREATE TABLE IF NOT EXISTS ${table.name} (${[...keys, ...sums].join(', ')}, PRIMARY KEY (${table.keyColumns.join(', ')})) WITHOUT ROWID`;
}

/** `INSERT … ON CONFLICT DO UPDATE` adding the sums of one row (named parameters) to the table. */
export function buildUpsertSql(table: RollupTable): string {
  const columns = [...table.keyColumns, ...SUM_COLUMNS];
  return `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})
    ON CONFLICT (${table.keyColumns.join(', ')}) DO UPDATE SET ${SUM_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;
}

/**
 * Creates the tables. A database whose statistics were built by another schema version gets them dropped and rebuilt
 * from the log by the backfill (they are derived data).
 */
export function createRequestStatsTables(database: Database.Database): void {
  database.exec('CREATE TABLE IF NOT EXISTS request_stats_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  const version = (database.prepare("SELECT value FROM request_stats_meta WHERE key = 'schema_version'").get() as { value: number } | undefined)?.value;
  if (version !== ROLLUP_SCHEMA_VERSION) {
    database.transaction(() => {
      for (const table of Object.values(ROLLUP_TABLES)) database.exec(`DROP TABLE IF EXISTS ${table.name}`);
      database.exec('DELETE FROM request_stats_meta');
      database.prepare("INSERT INTO request_stats_meta (key, value) VALUES ('schema_version', ?)").run(ROLLUP_SCHEMA_VERSION);
    })();
  }
  for (const table of Object.values(ROLLUP_TABLES)) database.exec(createTableSql(table));
}

/** The sums of one rollup row. */
export interface RollupSums {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  duration_ms: number;
}

export interface RollupRow extends RollupSums {
  hour: number;
  model: string;
  account_email: string;
  client_key: string;
  protocol: string;
}

function tokens(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function addSums(target: RollupSums, source: RollupSums): void {
  for (const column of SUM_COLUMNS) target[column] += source[column];
}

const emptySums = (): RollupSums => ({ requests: 0, errors: 0, input_tokens: 0, output_tokens: 0, cached_tokens: 0, duration_ms: 0 });

/** Folds a batch of entries into hourly rows (one per distinct key), so a batch costs one upsert per key. */
export function aggregateEntries(entries: readonly Pick<RequestLogEntry, 'timestamp' | 'model' | 'mapped_model' | 'account_email' | 'username' | 'protocol' | 'status' | 'error' | 'input_tokens' | 'output_tokens' | 'cached_tokens' | 'duration'>[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const entry of entries) {
    const hour = Math.floor(entry.timestamp / HOUR_MS);
    const model = entry.mapped_model ?? entry.model ?? '';
    const account = entry.account_email ?? '';
    const clientKey = entry.username ?? '';
    const protocol = entry.protocol ?? '';
    const key = JSON.stringify([hour, model, account, clientKey, protocol]);
    let row = rows.get(key);
    if (row === undefined) {
      row = { hour, model, account_email: account, client_key: clientKey, protocol, ...emptySums() };
      rows.set(key, row);
    }
    row.requests += 1;
    if (entry.status >= 400 || entry.error !== null) row.errors += 1;
    row.input_tokens += tokens(entry.input_tokens);
    row.output_tokens += tokens(entry.output_tokens);
    row.cached_tokens += tokens(entry.cached_tokens);
    row.duration_ms += tokens(entry.duration);
  }
  return [...rows.values()];
}

/** The hourly rows re-folded for the other two tables: per UTC day with the dimensions, per hour without them. */
export function foldRollupRows(hourly: readonly RollupRow[]): { daily: Array<RollupSums & Record<string, string | number>>; hourlyTotals: Array<RollupSums & { hour: number }> } {
  const daily = new Map<string, RollupSums & Record<string, string | number>>();
  const totals = new Map<number, RollupSums & { hour: number }>();
  for (const row of hourly) {
    const day = Math.floor(row.hour / DAY_HOURS);
    const dayKey = JSON.stringify([day, row.model, row.account_email, row.client_key, row.protocol]);
    let dayRow = daily.get(dayKey);
    if (dayRow === undefined) {
      dayRow = { day, model: row.model, account_email: row.account_email, client_key: row.client_key, protocol: row.protocol, ...emptySums() };
      daily.set(dayKey, dayRow);
    }
    addSums(dayRow, row);
    let total = totals.get(row.hour);
    if (total === undefined) {
      total = { hour: row.hour, ...emptySums() };
      totals.set(row.hour, total);
    }
    addSums(total, row);
  }
  return { daily: [...daily.values()], hourlyTotals: [...totals.values()] };
}

/** Prepared upserts for the three tables; `write` adds one batch's hourly rows to all of them. */
export function prepareRollupWriter(database: Database.Database): (rows: readonly RollupRow[]) => void {
  const hourly = database.prepare(buildUpsertSql(ROLLUP_TABLES.hourly));
  const daily = database.prepare(buildUpsertSql(ROLLUP_TABLES.daily));
  const totals = database.prepare(buildUpsertSql(ROLLUP_TABLES.hourlyTotals));
  return (rows) => {
    for (const row of rows) hourly.run(row);
    const folded = foldRollupRows(rows);
    for (const row of folded.daily) daily.run(row);
    for (const row of folded.hourlyTotals) totals.run(row);
  };
}

/** Rows of `request_logs` (by rowid) that existed before the rollup did are folded in by slices of this many. */
const BACKFILL_SLICE_ROWS = 2_000;

function buildFoldSql(table: RollupTable, bucket: string): string {
  const keyExpressions = table.keyColumns.map((column) => {
    if (column === 'hour' || column === 'day') return bucket;
    if (column === 'model') return "COALESCE(mapped_model, model, '')";
    if (column === 'client_key') return "COALESCE(username, '')";
    return `COALESCE(${column}, '')`;
  });
  const sums = [
    'COUNT(*)',
    'SUM(CASE WHEN status >= 400 OR error IS NOT NULL THEN 1 ELSE 0 END)',
    'SUM(MAX(COALESCE(input_tokens, 0), 0))',
    'SUM(MAX(COALESCE(output_tokens, 0), 0))',
    'SUM(MAX(COALESCE(cached_tokens, 0), 0))',
    'SUM(MAX(COALESCE(duration, 0), 0))',
  ];
  return `INSERT INTO ${table.name} (${[...table.keyColumns, ...SUM_COLUMNS].join(', ')})
    SELECT ${[...keyExpressions, ...sums].join(', ')} FROM request_logs WHERE rowid > ? AND rowid <= ?
    GROUP BY ${keyExpressions.map((_, index) => index + 1).join(', ')}
    ON CONFLICT (${table.keyColumns.join(', ')}) DO UPDATE SET ${SUM_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;
}

/**
 * Folds log rows written before the statistics existed (an older agt, the desktop app) into them, a slice at a time
 * so the gateway keeps serving in between. Progress is kept in `request_stats_meta`, so a restart resumes.
 */
export class RollupBackfill {
  private readonly readMeta: Database.Statement;
  private readonly writeMeta: Database.Statement;
  private readonly foldSlice: Database.Statement[];

  constructor(private readonly database: Database.Database) {
    this.readMeta = database.prepare('SELECT value FROM request_stats_meta WHERE key = ?');
    this.writeMeta = database.prepare('INSERT OR REPLACE INTO request_stats_meta (key, value) VALUES (?, ?)');
    this.foldSlice = [
      database.prepare(buildFoldSql(ROLLUP_TABLES.hourly, `timestamp / ${HOUR_MS}`)),
      database.prepare(buildFoldSql(ROLLUP_TABLES.daily, `timestamp / ${HOUR_MS * DAY_HOURS}`)),
      database.prepare(buildFoldSql(ROLLUP_TABLES.hourlyTotals, `timestamp / ${HOUR_MS}`)),
    ];
  }

  /**
   * Called once at open, before any new row is written: the first time, marks every existing log row as pending.
   * Returns true while work is left.
   */
  start(): boolean {
    if (this.readMeta.get('backfill_started') === undefined) {
      const { last } = this.database.prepare('SELECT COALESCE(MAX(rowid), 0) AS last FROM request_logs').get() as { last: number };
      this.database.transaction(() => {
        this.writeMeta.run('backfill_started', 1);
        this.writeMeta.run('backfill_done_rowid', 0);
        this.writeMeta.run('backfill_last_rowid', last);
      })();
    }
    return this.pending();
  }

  pending(): boolean {
    return this.meta('backfill_done_rowid') < this.meta('backfill_last_rowid');
  }

  /** Folds one slice; returns true while more is left. */
  step(): boolean {
    const done = this.meta('backfill_done_rowid');
    const last = this.meta('backfill_last_rowid');
    if (done >= last) return false;
    const until = Math.min(last, done + BACKFILL_SLICE_ROWS);
    this.database.transaction(() => {
      for (const fold of this.foldSlice) fold.run(done, until);
      this.writeMeta.run('backfill_done_rowid', until);
    })();
    return until < last;
  }

  /** After a clear of the log or the statistics nothing old is left to fold. */
  markDone(): void {
    this.writeMeta.run('backfill_done_rowid', this.meta('backfill_last_rowid'));
  }

  private meta(key: string): number {
    return (this.readMeta.get(key) as { value: number } | undefined)?.value ?? 0;
  }
}
