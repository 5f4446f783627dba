import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Column names and SQLite types of `request_logs`, in the original's order. */
export const REQUEST_LOG_COLUMNS = [
  ['id', 'TEXT PRIMARY KEY'],
  ['timestamp', 'INTEGER NOT NULL'],
  ['method', 'TEXT'],
  ['url', 'TEXT'],
  ['status', 'INTEGER'],
  ['duration', 'INTEGER'],
  ['model', 'TEXT'],
  ['error', 'TEXT'],
  ['request_body', 'TEXT'],
  ['response_body', 'TEXT'],
  ['input_tokens', 'INTEGER'],
  ['output_tokens', 'INTEGER'],
  ['cached_tokens', 'INTEGER'],
  ['account_email', 'TEXT'],
  ['mapped_model', 'TEXT'],
  ['protocol', 'TEXT'],
  ['client_ip', 'TEXT'],
  ['username', 'TEXT'],
] as const;

export type RequestLogColumn = (typeof REQUEST_LOG_COLUMNS)[number][0];

/**
 * Page size of a new `proxy_logs.db`. A logged row is mostly its two bodies (up to 64 KiB each), which SQLite keeps
 * in chains of overflow pages: with 32 KiB pages a row is a few pages instead of twenty-odd, and writing it costs about
 * half as much CPU (measured with RequestLogWriter, 100-row batches of a 60 KB request and a 20 KB response:
 * 24 ms per batch with 4 KiB pages, 13 ms with 32 KiB). Rows share pages as before, so the file is no larger.
 * A database that already exists keeps its page size (changing it would rewrite the whole file).
 */
export const NEW_DATABASE_PAGE_SIZE = 32 * 1024;
/** The write-ahead log is folded into the database when it reaches about this size (SQLite counts it in pages). */
const WAL_CHECKPOINT_BYTES = 8 * 1024 * 1024;

/**
 * Opens (creating when needed) `proxy_logs.db` with the original's settings — WAL, busy_timeout 5000 — except
 * synchronous OFF: it is a log, and skipping the checkpoint fsyncs roughly halves its cost on the gateway; and,
 * for a new file, 32 KiB pages (NEW_DATABASE_PAGE_SIZE).
 * The file is created 0600 before SQLite touches it, so the `-wal`/`-shm` companions, which SQLite creates
 * with the main file's mode, are private too. A database written by an older version that lacks
 * later columns gets them added. Throws when the path cannot be opened or is not a database.
 */
export function openRequestLogDatabase(filePath: string): Database.Database {
  fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(filePath, 'a', 0o600));
  fs.chmodSync(filePath, 0o600);
  const database = new Database(filePath);
  try {
    // Only takes effect on an empty file, before the first table (and before WAL mode, which fixes the page size).
    database.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    // A request log, not a ledger: no fsync per checkpoint (a power cut may lose the last moments of log).
    database.pragma('synchronous = OFF');
    const pageSize = database.pragma('page_size', { simple: true }) as number;
    database.pragma(`wal_autocheckpoint = ${Math.max(1, Math.round(WAL_CHECKPOINT_BYTES / pageSize))}`);
    const columnsSql = REQUEST_LOG_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');
    database.exec(`CREATE TABLE IF NOT EXISTS request_logs (${columnsSql})`);
    addMissingColumns(database);
    database.exec('CREATE INDEX IF NOT EXISTS idx_timestamp ON request_logs (timestamp DESC)');
    database.exec('CREATE INDEX IF NOT EXISTS idx_status ON request_logs (status)');
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

function addMissingColumns(database: Database.Database): void {
  const existing = new Set(
    (database.prepare('PRAGMA table_info(request_logs)').all() as { name: string }[]).map((column) => column.name),
  );
  for (const [name, type] of REQUEST_LOG_COLUMNS) {
    if (existing.has(name)) continue;
    // An added column cannot be PRIMARY KEY or NOT NULL without a default; the original's later columns are plain.
    const plainType = type.split(' ')[0];
    database.exec(`ALTER TABLE request_logs ADD COLUMN ${name} ${plainType}`);
  }
}
