import type Database from 'better-sqlite3';
import { REQUEST_LOG_COLUMNS } from './open-request-log-database.js';
import { RecentCleanBodies } from './recent-clean-bodies.js';
import { aggregateEntries, DAY_HOURS, prepareRollupWriter, RollupBackfill, ROLLUP_TABLES } from './request-stats-rollup.js';
import { capRedactedBody, sanitizeLogSummary, type SanitizableRequestLogEntry } from './sanitize-request-log-entry.js';

type RowValue = string | number | Buffer | null;

const COLUMN_NAMES = REQUEST_LOG_COLUMNS.map(([name]) => name);
const NUMBER_COLUMNS = new Set(['timestamp', 'status', 'duration', 'input_tokens', 'output_tokens', 'cached_tokens']);
const BODY_COLUMNS = new Set(['request_body', 'response_body']);
/** Request bodies remembered for the redaction's shortcut (several clients or conversations at once). */
const RECENT_CLEAN_REQUESTS = 4;

/**
 * Everything that writes to `proxy_logs.db` once it is open: batches of entries (redacted and capped here, then
 * inserted with their hourly sums in one transaction), Clear, the retention sweep and the backfill of the
 * statistics. Runs in the request log's writer thread (request-log-writer.worker.ts), the only writer.
 */
export class RequestLogWriter {
  private readonly insertBatch: (rows: RowValue[][], entries: SanitizableRequestLogEntry[]) => void;
  private readonly backfill: RollupBackfill;
  private readonly statements = new Map<string, Database.Statement>();
  /** Request bodies found clean lately: a body that repeats one's beginning is only scanned from where it differs. */
  private readonly recentCleanRequests: RecentCleanBodies;

  constructor(
    private readonly database: Database.Database,
    private readonly maxBodyBytes: number,
  ) {
    // A body comes as its kept part — text, or the UTF-8 bytes of its text (sanitize-request-log-entry.ts), stored as
    // TEXT — and the truncation marker SQLite appends to it.
    const placeholders = COLUMN_NAMES.map((name) => (BODY_COLUMNS.has(name) ? 'CAST(? AS TEXT) || ?' : '?')).join(', ');
    const insert = database.prepare(`INSERT OR REPLACE INTO request_logs (${COLUMN_NAMES.join(', ')}) VALUES (${placeholders})`);
    const writeRollup = prepareRollupWriter(database);
    // The log rows and their hourly sums are written in one transaction, so the statistics never drift from the log.
    this.insertBatch = database.transaction((rows: RowValue[][], entries: SanitizableRequestLogEntry[]) => {
      for (const row of rows) insert.run(row);
      writeRollup(aggregateEntries(entries));
    });
    this.backfill = new RollupBackfill(database);
    this.recentCleanRequests = new RecentCleanBodies(RECENT_CLEAN_REQUESTS, maxBodyBytes * 2 + 1024);
  }

  /** Redacts, caps and inserts the entries (each with a finite timestamp) in one transaction; throws when SQLite refuses. */
  write(entries: SanitizableRequestLogEntry[]): void {
    const rows = entries.map((entry) => this.convertEntryToRow(entry));
    this.insertBatch(rows, entries);
  }

  /** Deletes every stored row (the Monitor's "Clear"); the hourly statistics stay. */
  clear(): void {
    this.database.exec('DELETE FROM request_logs');
    // New rows reuse the freed rowids: whatever the backfill had not reached is gone, and must not be folded twice.
    this.backfill.markDone();
  }

  /** Deletes the hourly statistics (the request log itself is kept). */
  clearStats(): void {
    for (const table of Object.values(ROLLUP_TABLES)) this.database.exec(`DELETE FROM ${table.name}`);
    this.backfill.markDone();
  }

  /** Deletes statistics rows before `statsCutoffHour` and, unless `logCutoff` is null, log rows older than it. */
  deleteExpired(logCutoff: number | null, statsCutoffHour: number): void {
    this.statement(`DELETE FROM ${ROLLUP_TABLES.hourly.name} WHERE hour < ?`).run(statsCutoffHour);
    this.statement(`DELETE FROM ${ROLLUP_TABLES.hourlyTotals.name} WHERE hour < ?`).run(statsCutoffHour);
    this.statement(`DELETE FROM ${ROLLUP_TABLES.daily.name} WHERE day < ?`).run(Math.floor(statsCutoffHour / DAY_HOURS));
    if (logCutoff !== null) this.statement('DELETE FROM request_logs WHERE timestamp < ?').run(logCutoff);
  }

  backfillPending(): boolean {
    return this.backfill.pending();
  }

  /** Folds one slice of the log rows from before the statistics existed; returns true while more is left. */
  backfillStep(): boolean {
    return this.backfill.step();
  }

  private convertEntryToRow(entry: SanitizableRequestLogEntry): RowValue[] {
    const summary = sanitizeLogSummary(entry) as unknown as Record<string, unknown>;
    const requestBody = capRedactedBody(entry.request_body, this.maxBodyBytes, entry.request_body_bytes, this.recentCleanRequests);
    const responseBody = capRedactedBody(entry.response_body, this.maxBodyBytes);
    const row: RowValue[] = [];
    for (const name of COLUMN_NAMES) {
      if (BODY_COLUMNS.has(name)) {
        const body = name === 'request_body' ? requestBody : responseBody;
        row.push(body?.kept ?? null, body?.marker ?? '');
        continue;
      }
      const value = summary[name];
      if (NUMBER_COLUMNS.has(name)) row.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
      else if (typeof value === 'string') row.push(value);
      else row.push(value === null || value === undefined ? null : String(value));
    }
    return row;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
