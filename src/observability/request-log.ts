import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../shared/clock.js';
import { BoundedQueue } from './bounded-queue.js';
import { buildLogQueryFilter } from './build-log-query-filter.js';
import { openRequestLogDatabase, REQUEST_LOG_COLUMNS } from './open-request-log-database.js';
import { RequestStatsQueries, type StatsDimension, type StatsRange } from './query-request-stats.js';
import { aggregateEntries, createRequestStatsTables, DAY_HOURS, HOUR_MS, prepareRollupWriter, RollupBackfill, ROLLUP_TABLES } from './request-stats-rollup.js';
import {
  summarizeRequestLogEntry,
  type LogQuery,
  type LogSummary,
  type RecordedRequestLogEntry,
  type RequestLogEntry,
} from './request-log-entry.js';
import { sanitizeLogSummary, sanitizeRequestLogEntry } from './sanitize-request-log-entry.js';

export interface RequestLogOptions {
  /** The SQLite file, e.g. `<dataDir>/proxy_logs.db`. */
  path: string;
  enabled: boolean;
  /** Rows older than this are deleted at open and every hour; 30 by default; 0 or less keeps rows forever. */
  retentionDays?: number;
  /** Each stored body is cut to this many UTF-8 bytes; 64 KiB by default. */
  maxBodyBytes?: number;
  /** How long a recorded entry may wait in memory before it is written; 250 ms by default. */
  flushIntervalMs?: number;
  /** Rows per transaction; 500 by default. */
  maxBatch?: number;
  /** Entries waiting in memory; beyond it the oldest is dropped and counted. 10 000 by default. */
  maxQueue?: number;
  /** Receives the warning when the database cannot be opened or written; `process.emitWarning` otherwise. */
  logger?: { warn(object: object, message: string): void };
  clock?: Clock;
}

export interface RequestLogStats {
  /** Rows written to SQLite since start. */
  written: number;
  /** Entries lost: pushed out of a full queue, or in a batch SQLite refused. */
  dropped: number;
  /** Entries waiting in memory. */
  queued: number;
  /** Write transactions since start (one per batch). */
  batches: number;
}

type LogListener = (summary: LogSummary) => void;
type RowValue = string | number | Buffer | null;

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
/** The hourly statistics outlive the request log (and its Clear): they hold sums only, no bodies. */
export const STATS_RETENTION_DAYS = 400;
const EXPORT_PAGE_SIZE = 500;
/**
 * Body characters per batch: redacting and writing bodies is CPU work on the event loop, so a backlog of large
 * bodies is cut into batches small enough not to stall requests for long.
 */
const MAX_BATCH_BODY_CHARS = 4 * 1024 * 1024;
const MAX_QUERY_LIMIT = 1000;
const DEFAULT_QUERY_LIMIT = 50;

const COLUMN_NAMES = REQUEST_LOG_COLUMNS.map(([name]) => name);
const SUMMARY_COLUMNS = [
  'id', 'timestamp', 'method', 'url', 'status', 'duration', 'model', 'mapped_model', 'account_email', 'protocol',
  'input_tokens', 'output_tokens', 'cached_tokens', 'error',
].join(', ');
const NUMBER_COLUMNS = new Set(['timestamp', 'status', 'duration', 'input_tokens', 'output_tokens', 'cached_tokens']);

/**
 * The request log behind the Monitor page and `/api/logs`. `record` only queues the entry in memory (and tells
 * live listeners); a timer writes the queue to SQLite in batched transactions, so the request path never waits
 * for the disk. Secrets are scrubbed and bodies capped when a batch is written. When the database cannot be
 * opened the log warns once and keeps running without persistence.
 */
export class RequestLog {
  private database: Database.Database | null = null;
  private insertBatch: ((rows: RowValue[][], entries: RecordedRequestLogEntry[]) => void) | null = null;
  private statsQueries: RequestStatsQueries | null = null;
  private backfill: RollupBackfill | null = null;
  private backfillTimer: NodeJS.Timeout | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queue: BoundedQueue<RecordedRequestLogEntry>;
  private readonly listeners = new Set<LogListener>();
  private readonly clock: Clock;
  private readonly maxBodyBytes: number;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly logger: RequestLogOptions['logger'];
  private enabled: boolean;
  private retentionDays: number;
  private flushTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private writeFailureReported = false;
  private written = 0;
  private dropped = 0;
  private batches = 0;

  constructor(options: RequestLogOptions) {
    this.enabled = options.enabled;
    this.retentionDays = options.retentionDays ?? 30;
    this.maxBodyBytes = positiveInteger(options.maxBodyBytes, 64 * 1024);
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 250);
    this.maxBatch = positiveInteger(options.maxBatch, 500);
    this.queue = new BoundedQueue(positiveInteger(options.maxQueue, 10_000));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.openDatabase(options.path);
  }

  /** Queues one finished request. O(1); nothing happens while logging is disabled. */
  record(entry: RecordedRequestLogEntry): void {
    if (this.closed || !this.enabled) return;
    if (this.listeners.size > 0) this.notifyListeners(entry);
    if (this.database === null) return;
    if (this.queue.push(entry)) this.dropped += 1;
    this.scheduleFlush(this.flushIntervalMs);
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  /** Days rows are kept (0: forever). */
  get retention(): number {
    return this.retentionDays;
  }

  /** Applies at once: rows past the new limit are deleted now. */
  setRetentionDays(days: number): void {
    this.retentionDays = days;
    this.deleteExpired();
  }

  query(query: LogQuery = {}): { total: number; items: LogSummary[] } {
    this.flush();
    if (this.database === null) return { total: 0, items: [] };
    const { where, parameters } = buildLogQueryFilter(query);
    const limit = clampInteger(query.limit, DEFAULT_QUERY_LIMIT, 1, MAX_QUERY_LIMIT);
    const offset = clampInteger(query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const count = this.statement(`SELECT COUNT(*) AS total FROM request_logs ${where}`).get(...parameters) as {
      total: number;
    };
    const items = this.statement(
      `SELECT ${SUMMARY_COLUMNS} FROM request_logs ${where} ORDER BY timestamp DESC, rowid DESC LIMIT ? OFFSET ?`,
    ).all(...parameters, limit, offset) as LogSummary[];
    return { total: count.total, items };
  }

  /** Totals of the requests in `range` (from the hourly statistics, see request-stats-rollup.ts). */
  statsTotals(range: StatsRange) {
    this.flush();
    return this.statsQueries?.totals(range) ?? emptyTotals();
  }

  statsTimeline(range: StatsRange, bucket: 'hour' | 'day', utcOffsetMinutes = 0) {
    this.flush();
    return this.statsQueries?.timeline(range, bucket, utcOffsetMinutes) ?? [];
  }

  statsBreakdown(range: StatsRange, dimension: StatsDimension, limit?: number) {
    this.flush();
    return this.statsQueries?.breakdown(range, dimension, limit) ?? [];
  }

  /** True while log rows from before the statistics existed are still being folded in. */
  statsBackfilling(): boolean {
    return this.backfill?.pending() ?? false;
  }

  /** Deletes the hourly statistics (the request log itself is kept). */
  clearStats(): void {
    if (this.database === null) return;
    for (const table of Object.values(ROLLUP_TABLES)) this.database.exec(`DELETE FROM ${table.name}`);
    this.backfill?.markDone();
  }

  get(id: string): RequestLogEntry | null {
    this.flush();
    if (this.database === null) return null;
    const row = this.statement(`SELECT ${COLUMN_NAMES.join(', ')} FROM request_logs WHERE id = ?`).get(id);
    return (row as RequestLogEntry | undefined) ?? null;
  }

  /**
   * Every stored entry, full, newest first, as JSON text ending in `\n` (ready for `application/x-ndjson`).
   * Reads pages of 500 by keyset, so memory stays flat and writes can interleave between pages.
   */
  *exportJsonLines(): Generator<string> {
    this.flush();
    let cursor: { timestamp: number; rowid: number } | null = null;
    const columns = `rowid AS export_rowid, ${COLUMN_NAMES.join(', ')}`;
    const firstPage = `SELECT ${columns} FROM request_logs ORDER BY timestamp DESC, rowid DESC LIMIT ?`;
    const nextPage =
      `SELECT ${columns} FROM request_logs WHERE timestamp < ? OR (timestamp = ? AND rowid < ?) ` +
      'ORDER BY timestamp DESC, rowid DESC LIMIT ?';
    for (;;) {
      if (this.database === null) return;
      const rows = (
        cursor === null
          ? this.statement(firstPage).all(EXPORT_PAGE_SIZE)
          : this.statement(nextPage).all(cursor.timestamp, cursor.timestamp, cursor.rowid, EXPORT_PAGE_SIZE)
      ) as (RequestLogEntry & { export_rowid: number })[];
      for (const { export_rowid: _rowid, ...entry } of rows) yield `${JSON.stringify(entry)}\n`;
      if (rows.length < EXPORT_PAGE_SIZE) return;
      const last = rows[rows.length - 1];
      cursor = { timestamp: last.timestamp, rowid: last.export_rowid };
    }
  }

  /** Calls `listener` with the (url- and error-redacted) summary of each recorded entry; returns the unsubscribe. */
  onEntry(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Writes everything queued now, in batches of `maxBatch`. */
  flush(): void {
    this.cancelFlushTimer();
    while (this.queue.size > 0 && this.database !== null) this.writeOneBatch();
  }

  /** Deletes every stored row and every queued entry (the Monitor's "Clear"). */
  clear(): void {
    this.queue.clear();
    if (this.database === null) return;
    this.database.exec('DELETE FROM request_logs');
    // New rows reuse the freed rowids: whatever the backfill had not reached is gone, and must not be folded twice.
    this.backfill?.markDone();
  }

  /** Flushes, stops the timers and closes the database; later records are ignored. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.listeners.clear();
    if (this.retentionTimer !== null) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
    if (this.backfillTimer !== null) clearTimeout(this.backfillTimer);
    this.backfillTimer = null;
    this.statements.clear();
    this.insertBatch = null;
    this.statsQueries = null;
    this.backfill = null;
    this.database?.close();
    this.database = null;
  }

  stats(): RequestLogStats {
    return { written: this.written, dropped: this.dropped, queued: this.queue.size, batches: this.batches };
  }

  private openDatabase(filePath: string): void {
    let database: Database.Database | null = null;
    try {
      database = openRequestLogDatabase(filePath);
      // A request body may come as the UTF-8 bytes of its text (sanitize-request-log-entry.ts): stored as TEXT.
      const placeholders = COLUMN_NAMES.map((name) => (name === 'request_body' ? 'CAST(? AS TEXT)' : '?')).join(', ');
      const insert = database.prepare(
        `INSERT OR REPLACE INTO request_logs (${COLUMN_NAMES.join(', ')}) VALUES (${placeholders})`,
      );
      createRequestStatsTables(database);
      const writeRollup = prepareRollupWriter(database);
      // The log rows and their hourly sums are written in one transaction, so the statistics never drift from the log.
      const opened = database;
      this.insertBatch = opened.transaction((rows: RowValue[][], entries: RecordedRequestLogEntry[]) => {
        for (const row of rows) insert.run(row);
        writeRollup(aggregateEntries(entries));
      });
      this.statsQueries = new RequestStatsQueries(database);
      this.backfill = new RollupBackfill(database);
      const backfillPending = this.backfill.start();
      this.database = database;
      if (backfillPending) this.scheduleBackfill();
    } catch (error) {
      this.insertBatch = null;
      this.statsQueries = null;
      this.backfill = null;
      if (this.database === null) database?.close();
      this.warn(`Request log disabled: cannot open ${filePath} (${errorMessage(error)}); requests will not be recorded`, {
        path: filePath,
      });
      return;
    }
    this.deleteExpired();
    this.retentionTimer = setInterval(() => this.deleteExpired(), RETENTION_SWEEP_MS);
    this.retentionTimer.unref();
  }

  private notifyListeners(entry: RecordedRequestLogEntry): void {
    const summary = sanitizeLogSummary(summarizeRequestLogEntry(entry));
    for (const listener of this.listeners) {
      try {
        listener(summary);
      } catch {
        // A broken live view must not break request handling.
      }
    }
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => this.flushFromTimer(), delayMs);
    this.flushTimer.unref();
  }

  private cancelFlushTimer(): void {
    if (this.flushTimer === null) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** One batch per timer tick, so a long backlog is written in slices that let requests run in between. */
  private flushFromTimer(): void {
    this.flushTimer = null;
    this.writeOneBatch();
    if (this.queue.size > 0) this.scheduleFlush(0);
  }

  private writeOneBatch(): void {
    if (this.insertBatch === null) return;
    const batch: RecordedRequestLogEntry[] = [];
    let bodyChars = 0;
    while (batch.length < this.maxBatch && bodyChars < MAX_BATCH_BODY_CHARS) {
      const entry = this.queue.shift();
      if (entry === undefined) break;
      batch.push(entry);
      bodyChars += textLength(entry.request_body) + textLength(entry.response_body);
    }
    if (batch.length === 0) return;
    try {
      const rows = batch.map((entry) => this.convertEntryToRow(entry));
      this.insertBatch(rows, batch.map((entry) => ({ ...entry, timestamp: typeof entry.timestamp === 'number' && Number.isFinite(entry.timestamp) ? entry.timestamp : this.clock.now() })));
      this.written += rows.length;
      this.batches += 1;
    } catch (error) {
      this.dropped += batch.length;
      if (!this.writeFailureReported) {
        this.writeFailureReported = true;
        this.warn(`Request log write failed, ${batch.length} entries lost (${errorMessage(error)})`, {});
      }
    }
  }

  private convertEntryToRow(entry: RecordedRequestLogEntry): RowValue[] {
    const safe = sanitizeRequestLogEntry(entry, this.maxBodyBytes) as unknown as Record<string, unknown>;
    return COLUMN_NAMES.map((name) => {
      const value = safe[name];
      if (NUMBER_COLUMNS.has(name)) {
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        return name === 'timestamp' ? this.clock.now() : null;
      }
      if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
      return value === null || value === undefined ? null : String(value);
    });
  }

  /** One slice of the backfill per timer tick, so the gateway keeps serving while an old log is folded in. */
  private scheduleBackfill(): void {
    this.backfillTimer = setTimeout(() => {
      this.backfillTimer = null;
      try {
        if (this.backfill?.step()) this.scheduleBackfill();
      } catch (error) {
        this.warn(`Statistics backfill from the request log failed (${errorMessage(error)}); older requests are missing from the statistics`, {});
      }
    }, 0);
    this.backfillTimer.unref();
  }

  private deleteExpired(): void {
    if (this.database === null) return;
    try {
      const statsCutoffHour = Math.floor((this.clock.now() - STATS_RETENTION_DAYS * DAY_MS) / HOUR_MS);
      this.statement(`DELETE FROM ${ROLLUP_TABLES.hourly.name} WHERE hour < ?`).run(statsCutoffHour);
      this.statement(`DELETE FROM ${ROLLUP_TABLES.hourlyTotals.name} WHERE hour < ?`).run(statsCutoffHour);
      this.statement(`DELETE FROM ${ROLLUP_TABLES.daily.name} WHERE day < ?`).run(Math.floor(statsCutoffHour / DAY_HOURS));
    } catch (error) {
      this.warn(`Statistics retention sweep failed (${errorMessage(error)})`, {});
    }
    if (!(this.retentionDays > 0)) return;
    const cutoff = this.clock.now() - this.retentionDays * DAY_MS;
    try {
      this.statement('DELETE FROM request_logs WHERE timestamp < ?').run(cutoff);
    } catch (error) {
      this.warn(`Request log retention sweep failed (${errorMessage(error)})`, {});
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.database === null) throw new Error('request log database is closed');
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private warn(message: string, fields: object): void {
    if (this.logger) this.logger.warn(fields, message);
    else process.emitWarning(message);
  }
}

function emptyTotals() {
  return { requests: 0, errors: 0, input_tokens: 0, output_tokens: 0, cached_tokens: 0, avg_duration_ms: 0 };
}

function positiveInteger(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

function clampInteger(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

function textLength(text: string | Uint8Array | null): number {
  return text === null ? 0 : text.length;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
