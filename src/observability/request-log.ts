import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../shared/clock.js';
import { BoundedQueue } from './bounded-queue.js';
import { buildLogQueryFilter } from './build-log-query-filter.js';
import { openRequestLogDatabase, REQUEST_LOG_COLUMNS } from './open-request-log-database.js';
import { RequestStatsQueries, type StatsDimension, type StatsRange } from './query-request-stats.js';
import { createRequestStatsTables, HOUR_MS, RollupBackfill } from './request-stats-rollup.js';
import {
  summarizeRequestLogEntry,
  type LogQuery,
  type LogSummary,
  type RecordedRequestLogEntry,
  type RecordedResponse,
  type RequestLogEntry,
} from './request-log-entry.js';
import { RequestLogWriter } from './request-log-writer.js';
import { encodeRegion, REGION_INTS, type EntryRegion } from './entry-ring.js';
import { encodeEntryFields, type SpilledRequestLogEntry } from './request-log-writer-protocol.js';
import { RequestLogWriterThread } from './request-log-writer-thread.js';
import { sanitizeLogSummary } from './sanitize-request-log-entry.js';

export interface RequestLogOptions {
  /** The SQLite file, e.g. `<dataDir>/proxy_logs.db`. */
  path: string;
  enabled: boolean;
  /** Rows older than this are deleted at open and every hour; 30 by default; 0 or less keeps rows forever. */
  retentionDays?: number;
  /** Each stored body is cut to this many UTF-8 bytes; 64 KiB by default. */
  maxBodyBytes?: number;
  /** How long a recorded entry may wait in memory before it is sent to the writer thread; 1 s by default. */
  flushIntervalMs?: number;
  /** Rows per transaction; 500 by default. */
  maxBatch?: number;
  /**
   * Entry bytes (fields and bodies as copied to the entry ring) that, once queued, are sent at once rather than at the
   * interval; 1 MiB by default. Each transaction also rewrites the last pages of the table, its indexes and the
   * statistics, so a few rows per transaction cost about twice as much per row as a megabyte of them.
   */
  batchBytes?: number;
  /** Entries waiting in memory; beyond it the oldest is dropped and counted. 10 000 by default. */
  maxQueue?: number;
  /** Receives the warning when the database cannot be opened or written; `process.emitWarning` otherwise. */
  logger?: { warn(object: object, message: string): void };
  clock?: Clock;
  /** Size of the writer thread's entry ring (entry-ring.ts), a power of two; 8 MiB by default. */
  ringBytes?: number;
  /** The writer thread's module (see startModuleWorker); the request log's writer by default. For tests of a failing start. */
  writerModule?: string;
}

export interface RequestLogStats {
  /** Rows written to SQLite since start. */
  written: number;
  /**
   * Entries lost: pushed out of a full queue or a full entry ring, in a batch SQLite refused, with a writer thread that
   * died, or recorded while the log is unavailable.
   */
  dropped: number;
  /** Entries waiting in memory (queued here or with the writer thread). */
  queued: number;
  /** Write transactions since start (one per batch). */
  batches: number;
  /** Why nothing can be recorded (the database cannot be opened, the writer thread was given up); null while it can. */
  unavailable: string | null;
}

type LogListener = (summary: LogSummary) => void;
/**
 * A queued entry: where it is in the entry ring, or, when it did not fit, the entry itself; the ring's head when
 * it was queued (nothing before it is needed by this entry or later ones); and its size (`batchBytes`).
 */
type PendingEntry =
  | { ringMark: number; bytes: number; region: EntryRegion; spilled: null }
  | { ringMark: number; bytes: number; region: null; spilled: SpilledRequestLogEntry };

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
/** The hourly statistics outlive the request log (and its Clear): they hold sums only, no bodies. */
export const STATS_RETENTION_DAYS = 400;
const EXPORT_PAGE_SIZE = 500;
/** Body bytes (or characters) per batch: a backlog of large bodies is written in transactions of bounded size. */
const MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;
const MAX_QUERY_LIMIT = 1000;
const DEFAULT_QUERY_LIMIT = 50;

const COLUMN_NAMES = REQUEST_LOG_COLUMNS.map(([name]) => name);
const SUMMARY_COLUMNS = [
  'id', 'timestamp', 'method', 'url', 'status', 'duration', 'model', 'mapped_model', 'account_email', 'protocol',
  'input_tokens', 'output_tokens', 'cached_tokens', 'error',
].join(', ');

/**
 * The request log behind the Monitor page and `/api/logs`. `record` only queues the entry in memory (and tells
 * live listeners); the queue goes in batches to a writer thread (request-log-writer-thread.ts) when it holds
 * `batchBytes` or `maxBatch` entries, or after the flush interval, which
 * redacts and caps the bodies and writes them to SQLite with the hourly statistics, so neither the request path
 * nor the event loop ever does that work. Reads use this thread's own connection (WAL: they never block the
 * writer); each read first waits for what was recorded before it to be written. When the database cannot be
 * opened the log warns once and keeps running without persistence.
 */
export class RequestLog {
  /** This thread's connection: the schema at open, then reads only (the writer thread does every write). */
  private database: Database.Database | null = null;
  private writer: RequestLogWriterThread | null = null;
  private statsQueries: RequestStatsQueries | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queue: BoundedQueue<PendingEntry>;
  private readonly listeners = new Set<LogListener>();
  private readonly clock: Clock;
  private readonly maxBodyBytes: number;
  /** Bytes of a request body the writer may read (capRedactedUtf8 pre-cuts to this): only these are copied to it. */
  private readonly bodyBytesSent: number;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly batchBytes: number;
  /** Sum of the queued entries' `bytes`. */
  private queuedBytes = 0;
  private readonly logger: RequestLogOptions['logger'];
  private enabled: boolean;
  private retentionDays: number;
  private flushTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private dropped = 0;
  private unavailable: string | null = null;

  constructor(options: RequestLogOptions) {
    this.enabled = options.enabled;
    this.retentionDays = options.retentionDays ?? 30;
    this.maxBodyBytes = positiveInteger(options.maxBodyBytes, 64 * 1024);
    this.bodyBytesSent = this.maxBodyBytes * 2 + 1024;
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 1000);
    this.maxBatch = positiveInteger(options.maxBatch, 500);
    this.batchBytes = positiveInteger(options.batchBytes, 1024 * 1024);
    this.queue = new BoundedQueue(positiveInteger(options.maxQueue, 10_000));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.openDatabase(options.path, options);
  }

  /**
   * Queues one finished request: the entry is copied into the writer's entry ring (its fields as JSON text, the
   * request body's first `2 × maxBodyBytes + 1 KiB` bytes — all that redaction and the cap read — and the response
   * text), so the request's own buffers and strings are free at once. Never waits: when the ring is full (the writer
   * has fallen behind) or the log is unavailable, the entry is dropped and counted. Nothing happens while logging is
   * disabled.
   */
  record(entry: RecordedRequestLogEntry): void {
    if (this.closed || !this.enabled) return;
    if (this.listeners.size > 0) this.notifyListeners(entry);
    const writer = this.writer;
    if (writer === null || !writer.usable) {
      this.dropped += 1;
      return;
    }
    const ring = writer.ring;
    const ringMark = ring.position;
    const timestamp = typeof entry.timestamp === 'number' && Number.isFinite(entry.timestamp) ? entry.timestamp : this.clock.now();
    const requestBody = entry.request_body;
    const requestBodyBytes = entry.request_body_bytes ?? (requestBody instanceof Uint8Array ? requestBody.length : undefined);
    const fields = encodeEntryFields(entry, timestamp, requestBodyBytes);
    const region = ring.store(fields, requestBody, entry.response_body, this.bodyBytesSent);
    if (region === 'full') {
      this.dropped += 1;
      this.scheduleFlush(this.flushIntervalMs);
      return;
    }
    let pending: PendingEntry;
    if (region !== 'too-large') {
      pending = { ringMark, bytes: region.fieldsBytes + Math.max(0, region.requestBytes) + Math.max(0, region.responseBytes), region, spilled: null };
    } else {
      const spilled = { ...entry, timestamp, response_body: joinText(entry.response_body) };
      pending = { ringMark, bytes: fields.length + textLength(requestBody) + textLength(spilled.response_body), region: null, spilled };
    }
    this.enqueue(pending);
    if (this.batchIsFull()) this.sendNowUnlessWriting(writer);
    else this.scheduleFlush(this.flushIntervalMs);
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  /** Days rows are kept (0: forever). */
  get retention(): number {
    return this.retentionDays;
  }

  /** Applies at once: rows past the new limit are deleted now (reads from here on do not see them). */
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
    return this.writer?.backfilling ?? false;
  }

  /** Deletes the hourly statistics (the request log itself is kept). */
  clearStats(): void {
    this.runWrite({ kind: 'clear-stats' }, (writer) => writer.clearStats());
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

  /** Sends everything queued to the writer thread, in batches of `maxBatch`, and waits until it is written. */
  flush(): void {
    this.cancelFlushTimer();
    const writer = this.writer;
    if (writer === null) return;
    while (this.queue.size > 0 && writer.usable) this.sendOneBatch(writer);
    writer.sync();
  }

  /** Deletes every stored row and every queued entry (the Monitor's "Clear"). */
  clear(): void {
    this.queue.clear();
    this.queuedBytes = 0;
    this.runWrite({ kind: 'clear' }, (writer) => writer.clear());
    // The thread has finished everything sent (runWrite waited) and nothing is queued: no body in the ring is needed.
    if (this.writer?.usable && !this.writer.writing) this.writer.ring.releaseTo(null);
  }

  /** Writes what is queued, closes the writer thread and the database; later records are ignored. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.listeners.clear();
    if (this.retentionTimer !== null) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
    this.writer?.close();
    this.statements.clear();
    this.statsQueries = null;
    this.database?.close();
    this.database = null;
  }

  stats(): RequestLogStats {
    const counters = this.writer?.counters() ?? { written: 0, batches: 0, lost: 0 };
    return {
      written: counters.written,
      dropped: this.dropped + counters.lost,
      queued: this.queue.size + (this.writer?.pendingEntries ?? 0),
      batches: counters.batches,
      unavailable: this.unavailable,
    };
  }

  private openDatabase(filePath: string, options: RequestLogOptions): void {
    let database: Database.Database | null = null;
    let backfilling = false;
    try {
      database = openRequestLogDatabase(filePath);
      createRequestStatsTables(database);
      this.statsQueries = new RequestStatsQueries(database);
      backfilling = new RollupBackfill(database).start();
      this.database = database;
    } catch (error) {
      this.statsQueries = null;
      database?.close();
      this.unavailable = `cannot open ${filePath} (${errorMessage(error)})`;
      this.warn(`Request log disabled: ${this.unavailable}; requests will not be recorded`, { path: filePath });
      return;
    }
    // The sweep at open runs here, before the writer thread exists; later ones are the thread's.
    this.deleteExpired();
    this.writer = new RequestLogWriterThread({
      path: filePath,
      maxBodyBytes: this.maxBodyBytes,
      backfilling,
      warn: (message) => this.warn(message, { path: filePath }),
      onBatchDone: () => this.continueAfterBatch(),
      onFailed: (reason) => {
        this.unavailable = reason;
        this.dropped += this.queue.size;
        this.queue.clear();
        this.queuedBytes = 0;
        this.cancelFlushTimer();
      },
      oldestQueuedRingPosition: () => this.queue.peek()?.ringMark ?? null,
      ringBytes: options.ringBytes,
      workerModule: options.writerModule,
    });
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

  /** One batch with the writer at a time: a writer that falls behind leaves the backlog in the bounded queue. */
  private flushFromTimer(): void {
    this.flushTimer = null;
    const writer = this.writer;
    if (writer === null || !writer.usable || writer.writing) return;
    this.sendOneBatch(writer);
  }

  /** The writer finished a batch: a full batch waiting goes at once, a partial one when the interval has passed. */
  private continueAfterBatch(): void {
    const writer = this.writer;
    if (this.closed || writer === null || !writer.usable || this.queue.size === 0 || writer.writing) return;
    if (this.batchIsFull()) this.sendNowUnlessWriting(writer);
    else this.scheduleFlush(this.flushIntervalMs);
  }

  /** Queues an entry; a full queue drops its oldest (counted). */
  private enqueue(pending: PendingEntry): void {
    if (this.queue.size === this.queue.capacity) this.queuedBytes -= this.queue.peek()?.bytes ?? 0;
    if (this.queue.push(pending)) this.dropped += 1;
    this.queuedBytes += pending.bytes;
  }

  /** Enough is queued for a batch worth its transaction (`maxBatch` rows or `batchBytes`). */
  private batchIsFull(): boolean {
    return this.queue.size >= this.maxBatch || this.queuedBytes >= this.batchBytes;
  }

  /** Sends a batch now, unless the writer has one (then `continueAfterBatch` sends it when that one is done). */
  private sendNowUnlessWriting(writer: RequestLogWriterThread): void {
    if (!writer.usable || writer.writing) return;
    this.cancelFlushTimer();
    this.sendOneBatch(writer);
  }

  /**
   * Sends up to `maxBatch` entries: where they are in the ring, and the few that did not fit there as objects (a
   * request body among them as a copy of the bytes the writer may read, moved to the thread).
   */
  private sendOneBatch(writer: RequestLogWriterThread): void {
    const regions = new Int32Array(Math.min(this.maxBatch, this.queue.size) * REGION_INTS);
    const spilled: SpilledRequestLogEntry[] = [];
    const transfer: ArrayBuffer[] = [];
    let count = 0;
    let bodyBytes = 0;
    while (count < this.maxBatch && bodyBytes < MAX_BATCH_BODY_BYTES) {
      const pending = this.queue.shift();
      if (pending === undefined) break;
      this.queuedBytes -= pending.bytes;
      if (pending.region !== null) {
        encodeRegion(regions, count, pending.region);
        bodyBytes += pending.region.requestBytes + pending.region.responseBytes;
      } else {
        const entry = pending.spilled;
        const body = entry.request_body;
        if (body instanceof Uint8Array) {
          const copy = new Uint8Array(Math.min(body.length, this.bodyBytesSent));
          copy.set(body.subarray(0, copy.length));
          transfer.push(copy.buffer);
          entry.request_body = copy;
          entry.request_body_bytes ??= body.length;
        }
        regions[count * REGION_INTS] = -1;
        regions[count * REGION_INTS + 1] = spilled.length;
        spilled.push(entry);
        bodyBytes += textLength(body) + textLength(entry.response_body);
      }
      count += 1;
    }
    if (count === 0) return;
    writer.write(regions.subarray(0, count * REGION_INTS), spilled, transfer, this.queue.peek()?.ringMark ?? writer.ring.position);
  }

  /** A write other than a batch: sent to the writer thread in order with the batches, or done here when it was given up. */
  private runWrite(command: { kind: 'clear' | 'clear-stats' }, fallback: (writer: RequestLogWriter) => void): void {
    if (this.database === null) return;
    if (this.writer?.usable) {
      this.writer.send(command);
      this.writer.sync();
      return;
    }
    try {
      fallback(new RequestLogWriter(this.database, this.maxBodyBytes));
    } catch (error) {
      this.warn(`Request log ${command.kind} failed (${errorMessage(error)})`, {});
    }
  }

  private deleteExpired(): void {
    if (this.database === null) return;
    const statsCutoffHour = Math.floor((this.clock.now() - STATS_RETENTION_DAYS * DAY_MS) / HOUR_MS);
    const logCutoff = this.retentionDays > 0 ? this.clock.now() - this.retentionDays * DAY_MS : null;
    if (this.writer?.usable) {
      this.writer.send({ kind: 'sweep', logCutoff, statsCutoffHour });
      return;
    }
    try {
      new RequestLogWriter(this.database, this.maxBodyBytes).deleteExpired(logCutoff, statsCutoffHour);
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

/** A recorded response as one text (bytes are UTF-8 of whole characters). */
function joinText(response: RecordedResponse): string | null {
  if (response === null || typeof response === 'string') return response;
  if (response instanceof Uint8Array) return Buffer.from(response.buffer, response.byteOffset, response.length).toString('utf8');
  return response.map((part) => (typeof part === 'string' ? part : Buffer.from(part.buffer, part.byteOffset, part.length).toString('utf8'))).join('');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
