import { randomBytes, randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { nowSeconds, systemClock } from '../shared/clock.js';
import type { Clock } from '../shared/clock.js';
import { AccountFileError, AccountStoreError } from './account-errors.js';
import { AccountFilesSnapshot } from './account-files-snapshot.js';
import { applyIndexEntry, buildIndexFromAccounts, hasIndexFieldsChanged, parseAccountIndex } from './account-index.js';
import type { AccountFile, AccountIndex } from './account-schema.js';
import { applyUpsert, buildNewAccount } from './account-transitions.js';
import type { UpsertInput } from './account-transitions.js';
import { acquireFileLock, isProcessAlive, removeAbandonedLock } from './file-lock.js';
import type { FileLock } from './file-lock.js';
import { runExclusive } from './keyed-mutex.js';
import { describeAccountSchemaProblem, fillTokenDefaults, parseAccountFile } from './parse-account-file.js';
import { SyncFileReader } from './sync-file-reader.js';
import { hashContent, watchAccountsDir } from './watch-accounts-dir.js';
import { TimeSlice } from '../shared/time-slice.js';
import { isTempInFlight, writeFileAtomic } from '../shared/write-file-atomic.js';

export interface AccountProblem {
  file: string;
  reason: string;
}

export interface AccountStoreLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface AccountStoreOptions {
  dataDir: string;
  clock?: Clock;
  logger?: AccountStoreLogger;
  /** How long a write waits for another process's lock before failing with LOCK_TIMEOUT; default 10 s. */
  lockTimeoutMs?: number;
}

export interface UpsertResult {
  account: AccountFile;
  created: boolean;
  reenabled: boolean;
}

type ReadOutcome =
  | { kind: 'ok'; account: AccountFile; hash: string }
  | { kind: 'missing' }
  | { kind: 'problem'; reason: string; version: string };

export interface WatchOptions {
  /**
   * Take the next load (loadEach / loadAll) as the watcher's first snapshot: the watch starts now, before that load reads
   * anything, so a file changed after the load read it sends an event and is reported, whatever its time stamps say.
   * Without it, the watcher starts from the last load, if any, and reads every file once more to find what changed
   * since; with no load before, from the files as they are.
   */
  fromNextLoad?: boolean;
}

const ACCOUNT_FILE_SUFFIX = '.json';
const VALID_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Parse failures are re-read this many times: the original app writes some files in place, non-atomically. */
const PARSE_RETRIES = 2;
const PARSE_RETRY_DELAY_MS = 10;
/** The bulk load reads files synchronously for this long between event-loop turns. */
const LOAD_SLICE_MS = 8;
/** Leftovers whose owner cannot be told (no pid in the name, another host) are removed once older than this. */
const LEFTOVER_AGE_MS = 15 * 60_000;
const LEFTOVER_NAME = /\.(?:tmp[-.]|lock\.stale-)/;
const LOCK_NAME = /\.lock(?:\.steal)?$/;
/** `<name>.tmp-<pid>-<hex>` (atomic writes, lock contents) and `<lock>.stale-<pid>-<hex>` (lock tombstones). */
const OWNER_PID = /\.(?:tmp|stale)-(\d+)-[0-9a-f]+$/;

/** Whether a temp file or tombstone belongs to no write in flight (see removeLeftovers). */
async function isAbandonedTemp(name: string, path: string, modifiedAtMs: number): Promise<boolean> {
  if (Date.now() - modifiedAtMs > LEFTOVER_AGE_MS) return true;
  const pid = Number(OWNER_PID.exec(name)?.[1] ?? NaN);
  if (!Number.isInteger(pid)) return false;
  if (pid === process.pid) return !isTempInFlight(path);
  return !(await isProcessAlive(pid));
}
const NOOP_LOGGER: AccountStoreLogger = { warn: () => undefined, info: () => undefined };

/** `<id>.json` → id; null for temp files, lock files and anything else in the directory. */
export function parseAccountFileName(fileName: string): string | null {
  if (!fileName.endsWith(ACCOUNT_FILE_SUFFIX)) return null;
  const id = fileName.slice(0, -ACCOUNT_FILE_SUFFIX.length);
  return isValidAccountId(id) ? id : null;
}

function isValidAccountId(id: string): boolean {
  return VALID_ID.test(id) && !id.includes('.tmp');
}

function formatAccountFile(account: AccountFile): string {
  return JSON.stringify(account, null, 2);
}

/**
 * The outcome of one read of an account file: the parsed account, or why it cannot be used and which version (its
 * content hash: a bad file is logged once per content, and a retry stops when the content stops changing).
 */
function buildReadOutcome(bytes: Buffer, id: string, hash = hashContent(bytes)): ReadOutcome {
  const parsed = parseAccountFile(bytes, id);
  if (parsed.ok) return { kind: 'ok', account: parsed.account, hash };
  return { kind: 'problem', reason: parsed.reason, version: hash };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * The account files of a data directory (`accounts/<id>.json`, compatible with Antigravity Tools), the one
 * place that reads and writes them. Every write is a field-level read-modify-write under a per-file lock that
 * holds within this process (async mutex) and across processes (lock file), and lands by temp file + fsync +
 * rename. Files that do not parse are reported and never rewritten.
 */
export class AccountStore {
  readonly dataDir: string;
  readonly accountsDir: string;
  private readonly indexPath: string;
  private readonly upsertLockPath: string;
  private readonly clock: Clock;
  private readonly logger: AccountStoreLogger;
  private readonly lockTimeoutMs: number;
  /**
   * What this store wrote per id (content hash; null: it deleted the file): the last completed write plus the
   * writes in flight, so the watcher can tell our own changes from other processes' changes.
   */
  /**
   * The last content hash of each file this store wrote or its watcher observed (undefined: not known), over the hashes
   * of the load the watcher started from (`knownBase`) for the files neither wrote nor observed since.
   */
  private readonly knownHashes = new Map<string, string | undefined>();
  private knownBase: AccountFilesSnapshot | null = null;
  private readonly ownWrites = new Map<string, { completed: string | null | undefined; inFlight: (string | null)[] }>();
  /** Problems already logged, per file, with the file version (content hash) they were seen in. */
  private readonly loggedProblems = new Map<string, string>();
  /** What the last loadAll read, until a watcher takes it over as its first snapshot. */
  private loadSnapshot: AccountFilesSnapshot | null = null;
  /** A watcher started with `fromNextLoad`, waiting for that load's snapshot (null: the load failed). */
  private awaitingLoad: ((snapshot: AccountFilesSnapshot | null) => void) | null = null;
  /** The bulk load's reader: one buffer for every file (each read is parsed before the next). */
  private readonly bulkReader = new SyncFileReader();
  private watching = false;

  constructor(options: AccountStoreOptions) {
    this.dataDir = resolve(options.dataDir);
    this.accountsDir = join(this.dataDir, 'accounts');
    this.indexPath = join(this.dataDir, 'accounts.json');
    this.upsertLockPath = join(this.dataDir, 'accounts.upsert.lock');
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? NOOP_LOGGER;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  }

  /** Creates dataDir/accounts if missing and proves it is writable; clears leftovers of killed writers. */
  async init(): Promise<void> {
    await this.ensureDirectory(this.dataDir, false);
    await this.ensureDirectory(this.accountsDir, true);
    const probe = join(this.accountsDir, `.write-probe.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(probe, '', { flag: 'wx', mode: 0o600 });
      await unlink(probe);
    } catch (error) {
      throw this.buildDirectoryError(this.accountsDir, error);
    }
    await this.removeLeftovers(this.accountsDir, () => true);
    await this.removeLeftovers(this.dataDir, (name) => name.startsWith('accounts.'));
  }

  /**
   * Reads every account file. Bad files are reported (and logged once per version), never rewritten. What was read is
   * kept for the watcher (a watcher waiting for this load, or one started later): it reports changes against this read,
   * which is what the caller now holds.
   */
  async loadAll(): Promise<{ accounts: AccountFile[]; problems: AccountProblem[] }> {
    const accounts: AccountFile[] = [];
    const { problems } = await this.loadEach((account) => {
      accounts.push(account);
    });
    // In file name order, as listed (accounts that parsed only when read again come last from loadEach).
    accounts.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
    return { accounts, problems };
  }

  /**
   * loadAll for a caller that keeps only part of each account (the pool): `take` gets every good account as it is read
   * (its file name's id along), so no account outlives its turn unless the caller keeps it. Files that parse only when
   * read again after a pause come last.
   */
  async loadEach(take: (account: AccountFile, id: string) => void): Promise<{ count: number; problems: AccountProblem[] }> {
    if (this.watching && this.awaitingLoad === null) return this.readAllAccounts(null, take);
    const snapshot = new AccountFilesSnapshot();
    let result: { count: number; problems: AccountProblem[] };
    try {
      result = await this.readAllAccounts(snapshot, take);
    } catch (error) {
      this.handOverLoad(null);
      throw error;
    }
    if (this.awaitingLoad !== null) this.handOverLoad(snapshot);
    else if (!this.watching) this.loadSnapshot = snapshot;
    return result;
  }

  private handOverLoad(snapshot: AccountFilesSnapshot | null): void {
    const waiting = this.awaitingLoad;
    if (waiting === null) return;
    this.awaitingLoad = null;
    this.knownBase = snapshot;
    waiting(snapshot);
  }

  /**
   * Every account file, read synchronously in slices of LOAD_SLICE_MS between event-loop turns: for thousands of
   * small files that costs a fraction of one promise chain per file, and nothing else waits longer than a slice.
   * Records each file's hash in `snapshot` when there is one.
   */
  private async readAllAccounts(
    snapshot: AccountFilesSnapshot | null,
    take: (account: AccountFile, id: string) => void,
  ): Promise<{ count: number; problems: AccountProblem[] }> {
    const ids = await this.listAccountIds();
    let count = 0;
    const bad: Array<{ id: string; outcome: Extract<ReadOutcome, { kind: 'problem' }> }> = [];
    const slice = new TimeSlice(LOAD_SLICE_MS);
    for (const id of ids) {
      if (slice.isOver()) await slice.next();
      const outcome = this.readOnceSync(id, snapshot);
      if (outcome.kind === 'ok') {
        count += 1;
        take(outcome.account, id);
      } else if (outcome.kind === 'problem') bad.push({ id, outcome });
    }
    const problems: AccountProblem[] = [];
    for (const { id, outcome } of await this.retryProblems(bad, snapshot)) {
      if (outcome.kind === 'ok') {
        count += 1;
        take(outcome.account, id);
      } else if (outcome.kind === 'problem') {
        const path = this.accountPath(id);
        this.logProblemOnce(path, outcome.reason, outcome.version);
        problems.push({ file: path, reason: outcome.reason });
      }
    }
    return { count, problems };
  }

  /** One account, fresh from disk; null when the file is gone; AccountFileError when it does not parse. */
  async read(id: string): Promise<AccountFile | null> {
    this.assertValidId(id);
    const outcome = await this.readOutcome(id);
    if (outcome.kind === 'missing') return null;
    if (outcome.kind === 'problem') throw new AccountFileError(this.accountPath(id), outcome.reason);
    return outcome.account;
  }

  /**
   * Field-level read-modify-write: under the per-file lock, reads the current file, applies `mutate` (in place or
   * by returning a new object), validates, writes atomically, then brings the index entry up to date.
   * Returns the written account, or null when the file no longer exists. Nothing is written when nothing changed.
   */
  async update(id: string, mutate: (account: AccountFile) => AccountFile | void): Promise<AccountFile | null> {
    this.assertValidId(id);
    const path = this.accountPath(id);
    const result = await this.withAccountLock(id, async (lock) => {
      const outcome = await this.readOutcome(id);
      if (outcome.kind === 'missing') return null;
      if (outcome.kind === 'problem') throw new AccountFileError(path, outcome.reason);
      const before = outcome.account;
      const draft = structuredClone(before);
      const returned: unknown = mutate(draft);
      if (returned !== undefined && typeof (returned as { then?: unknown } | null)?.then === 'function') {
        throw new TypeError('AccountStore.update: mutate must be synchronous');
      }
      const after = (returned ?? draft) as AccountFile;
      this.validateForWrite(after, id);
      const content = formatAccountFile(after);
      if (content !== formatAccountFile(before)) {
        // When the file holds a change by another process that the watcher has not reported yet, this write
        // carries it along: let the watcher report the result instead of hiding it as one of our own writes.
        const known = this.knownHash(id);
        const mergesOutsideChange = known !== undefined && known !== outcome.hash;
        await this.writeAccount(id, content, lock, !mergesOutsideChange);
      }
      return { before, after };
    });
    if (result === null) return null;
    if (hasIndexFieldsChanged(result.before, result.after)) await this.syncIndexEntry(id);
    return result.after;
  }

  /**
   * Inserts or updates by email (case-insensitive), as the original app does; see applyUpsert for the rules.
   * Serialised across processes, so two concurrent adds of one email never create two files.
   */
  async upsertByEmail(input: UpsertInput): Promise<UpsertResult> {
    if (input.email.trim() === '') throw new AccountStoreError('INVALID_ACCOUNT', 'An account needs an email');
    await this.ensureDirectory(this.accountsDir, true);
    return runExclusive(this.upsertLockPath, async () => {
      const lock = await acquireFileLock(this.upsertLockPath, { timeoutMs: this.lockTimeoutMs });
      try {
        const existing = await this.findByEmail(input.email);
        if (existing !== null) {
          let reenabled = false;
          const updated = await this.update(existing.id, (account) => {
            const upserted = applyUpsert(account, input, nowSeconds(this.clock));
            reenabled = upserted.reenabled;
            return upserted.account;
          });
          if (updated !== null) return { account: updated, created: false, reenabled };
        }
        const account = buildNewAccount(randomUUID(), input, nowSeconds(this.clock));
        this.validateForWrite(account, account.id);
        await this.withAccountLock(account.id, (accountLock) =>
          this.writeAccount(account.id, formatAccountFile(account), accountLock),
        );
        await this.syncIndexEntry(account.id);
        return { account, created: true, reenabled: false };
      } finally {
        await lock.release();
      }
    });
  }

  /** Deletes the account file (and its index entry). False when it did not exist. */
  async remove(id: string): Promise<boolean> {
    this.assertValidId(id);
    const removed = await this.withAccountLock(id, () =>
      this.trackOwnWrite(id, null, async () => {
        try {
          await unlink(this.accountPath(id));
          return true;
        } catch (error) {
          if (errorCode(error) === 'ENOENT') return false;
          throw error;
        }
      }),
    );
    if (removed) await this.syncIndexEntry(id);
    return removed;
  }

  /**
   * By id, email (case-insensitive) or unique id prefix; null when nothing matches.
   * Throws AccountStoreError 'AMBIGUOUS_ACCOUNT' when an email or prefix matches several accounts.
   */
  async find(idOrEmail: string): Promise<AccountFile | null> {
    const wanted = idOrEmail.trim();
    if (wanted === '') return null;
    if (isValidAccountId(wanted)) {
      const exact = await this.read(wanted);
      if (exact !== null) return exact;
    }
    const { accounts } = await this.readAllIntoArray();
    const lowered = wanted.toLowerCase();
    const byEmail = accounts.filter((account) => account.email.toLowerCase() === lowered);
    const byPrefix = accounts.filter((account) => account.id.toLowerCase().startsWith(lowered));
    for (const [matches, kind] of [[byEmail, 'email'], [byPrefix, 'id prefix']] as const) {
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) {
        throw new AccountStoreError(
          'AMBIGUOUS_ACCOUNT',
          `"${wanted}" matches ${matches.length} accounts by ${kind} (${matches.map((account) => account.id).join(', ')}); use the full id`,
        );
      }
    }
    return null;
  }

  /**
   * Watches accounts/ for changes made by other processes (debounced ~150 ms; atomic renames and temp files
   * handled; this store's own writes ignored). onChange gets the changed ids, removed files included. Changes are
   * reported against what a load read (what the pool holds), not against the files as they are when the watcher starts:
   * see WatchOptions.
   */
  watch(onChange: (ids: Set<string>) => void, { fromNextLoad = false }: WatchOptions = {}): () => void {
    let startFrom: AccountFilesSnapshot | Promise<AccountFilesSnapshot | null> | undefined;
    if (fromNextLoad) {
      startFrom = new Promise((resolve) => {
        this.awaitingLoad = resolve;
      });
    } else {
      startFrom = this.loadSnapshot ?? undefined;
      this.knownBase = startFrom ?? null;
    }
    this.loadSnapshot = null;
    this.watching = true;
    const stop = watchAccountsDir({
      directory: this.accountsDir,
      startFrom,
      parseAccountId: parseAccountFileName,
      isOwnContent: (id, hash) => {
        const own = this.ownWrites.get(id);
        if (own === undefined) return false;
        if (own.inFlight.includes(hash)) return true;
        if (own.completed === hash) return true;
        // The file moved on to content we did not write: our last write no longer describes it, so the same
        // bytes coming back later (another process restoring them) must count as an outside change.
        own.completed = undefined;
        return false;
      },
      observe: (id, hash) => {
        this.setKnownHash(id, hash ?? undefined);
      },
      onChange,
      logger: this.logger,
    });
    return () => {
      stop();
      // A watcher stopped before its load: that load keeps its snapshot for the next watcher instead.
      this.awaitingLoad = null;
    };
  }

  /** The `accounts.json` index; rebuilt from the files when missing or corrupt (a corrupt one is backed up). */
  async readIndex(): Promise<AccountIndex> {
    const stored = await this.readStoredIndex();
    if (stored.kind === 'ok') return stored.index;
    return runExclusive(this.indexPath, async () => {
      let lock: FileLock | null = null;
      try {
        lock = await acquireFileLock(`${this.indexPath}.lock`, { timeoutMs: this.lockTimeoutMs });
      } catch (error) {
        this.logger.warn({ err: error }, 'Cannot lock the account index; returning a rebuilt copy without saving it');
      }
      try {
        const loaded = await this.loadIndexForWrite(lock !== null);
        if (loaded.rebuilt && lock !== null) await this.writeIndex(loaded.index);
        return loaded.index;
      } finally {
        await lock?.release();
      }
    });
  }

  private knownHash(id: string): string | undefined {
    return this.knownHashes.has(id) ? this.knownHashes.get(id) : (this.knownBase?.hashOf(id) ?? undefined);
  }

  private setKnownHash(id: string, hash: string | undefined): void {
    const base = this.knownBase?.hashOf(id);
    // An unknown hash is recorded as such only where the base would otherwise answer for the file, and a hash the base
    // holds already is not recorded again (a watcher that reads every file once would copy the whole base).
    if (hash === base && !this.knownHashes.has(id)) return;
    if (hash === undefined && base === undefined) this.knownHashes.delete(id);
    else this.knownHashes.set(id, hash);
  }

  /** Ids are checked (VALID_ID: no separators, no dot segments), so plain concatenation is what join would give. */
  private accountPath(id: string): string {
    return `${this.accountsDir}${sep}${id}${ACCOUNT_FILE_SUFFIX}`;
  }

  private assertValidId(id: string): void {
    if (!isValidAccountId(id)) {
      throw new AccountStoreError('INVALID_ID', `"${id}" is not a valid account id (letters, digits, ".", "_", "-")`);
    }
  }

  private async withAccountLock<T>(id: string, task: (lock: FileLock) => Promise<T>): Promise<T> {
    const path = this.accountPath(id);
    return runExclusive(path, async () => {
      const lock = await acquireFileLock(`${path}.lock`, { timeoutMs: this.lockTimeoutMs });
      try {
        return await task(lock);
      } finally {
        await lock.release();
      }
    });
  }

  /** Registers the write as in flight before it starts, so the watcher never sees our content before knowing it. */
  private async trackOwnWrite<T>(id: string, hash: string | null, write: () => Promise<T>): Promise<T> {
    const own = this.ownWrites.get(id) ?? { completed: undefined, inFlight: [] };
    this.ownWrites.set(id, own);
    own.inFlight.push(hash);
    try {
      const result = await write();
      own.completed = hash;
      this.setKnownHash(id, hash ?? undefined);
      return result;
    } finally {
      own.inFlight.splice(own.inFlight.indexOf(hash), 1);
    }
  }

  private async writeAccount(id: string, content: string, lock: FileLock, own = true): Promise<void> {
    if (!own) {
      const record = this.ownWrites.get(id);
      if (record) record.completed = undefined;
      await this.writeAccountFile(id, content, lock);
      this.setKnownHash(id, undefined);
      return;
    }
    await this.trackOwnWrite(id, hashContent(content), () => this.writeAccountFile(id, content, lock));
  }

  private async writeAccountFile(id: string, content: string, lock: FileLock): Promise<void> {
    await writeFileAtomic(this.accountPath(id), content, {
      mode: 0o600,
      beforeRename: async () => {
        if (!(await lock.isHeld())) {
          throw new AccountStoreError(
            'LOCK_LOST',
            `The lock on ${this.accountPath(id)} was taken over as stale while this write was in progress; nothing was written`,
          );
        }
      },
    });
  }

  private validateForWrite(account: AccountFile, id: string): void {
    if (typeof account !== 'object' || account === null || Array.isArray(account)) {
      throw new AccountStoreError('INVALID_ACCOUNT', `Refusing to write account ${id}: not an object`);
    }
    if (typeof account.token === 'object' && account.token !== null) fillTokenDefaults(account);
    const problem = describeAccountSchemaProblem(account);
    if (problem !== null) throw new AccountStoreError('INVALID_ACCOUNT', `Refusing to write account ${id}: ${problem}`);
    if (account.id !== id) {
      throw new AccountStoreError('INVALID_ACCOUNT', `Refusing to write account ${id}: its id would change to "${account.id}"`);
    }
  }

  private async listAccountIds(): Promise<string[]> {
    try {
      const names = await readdir(this.accountsDir);
      return names
        .map(parseAccountFileName)
        .filter((id): id is string => id !== null)
        .sort();
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  private async readOutcome(id: string): Promise<ReadOutcome> {
    const path = this.accountPath(id);
    let outcome = await this.readOnce(path, id);
    for (let retry = 0; retry < PARSE_RETRIES && outcome.kind === 'problem'; retry += 1) {
      await delay(PARSE_RETRY_DELAY_MS);
      const again = await this.readOnce(path, id);
      if (again.kind !== 'problem' || again.version === outcome.version) {
        outcome = again;
        break;
      }
      outcome = again;
    }
    if (outcome.kind === 'problem') this.logProblemOnce(path, outcome.reason, outcome.version);
    return outcome;
  }

  private async readOnce(path: string, id: string): Promise<ReadOutcome> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    return buildReadOutcome(bytes, id);
  }

  /** One read of the bulk load (see loadAll); records the file's hash in `snapshot` when there is one. */
  private readOnceSync(id: string, snapshot: AccountFilesSnapshot | null): ReadOutcome {
    const bytes = this.bulkReader.read(this.accountPath(id));
    if (bytes === null) return { kind: 'missing' };
    const hash = hashContent(bytes);
    snapshot?.record(id, hash);
    return buildReadOutcome(bytes, id, hash);
  }

  /**
   * The bulk load's equivalent of readOutcome's retries, for all its bad files at once: each is read again after a
   * short pause, until it parses or stops changing (the original app writes some files in place, non-atomically).
   * Returns the last outcome of each, in the order given.
   */
  private async retryProblems(
    bad: Array<{ id: string; outcome: ReadOutcome }>,
    snapshot: AccountFilesSnapshot | null,
  ): Promise<Array<{ id: string; outcome: ReadOutcome }>> {
    let pending = bad;
    for (let retry = 0; retry < PARSE_RETRIES && pending.length > 0; retry += 1) {
      await delay(PARSE_RETRY_DELAY_MS);
      pending = pending.filter((item) => {
        const before = item.outcome as Extract<ReadOutcome, { kind: 'problem' }>;
        const again = this.readOnceSync(item.id, snapshot);
        item.outcome = again;
        return again.kind === 'problem' && again.version !== before.version;
      });
    }
    return bad;
  }

  /** Every good account file, without touching the load's snapshot. */
  private async readAllIntoArray(): Promise<{ accounts: AccountFile[] }> {
    const accounts: AccountFile[] = [];
    await this.readAllAccounts(null, (account) => {
      accounts.push(account);
    });
    return { accounts };
  }

  private logProblemOnce(path: string, reason: string, version: string): void {
    if (this.loggedProblems.get(path) === version) return;
    this.loggedProblems.set(path, version);
    this.logger.warn({ file: path, reason }, 'Account file cannot be used; it is left untouched');
  }

  private async findByEmail(email: string): Promise<AccountFile | null> {
    const lowered = email.toLowerCase();
    const { accounts } = await this.readAllIntoArray();
    const matches = accounts
      .filter((account) => account.email.toLowerCase() === lowered)
      .sort((left, right) => (right.last_used ?? 0) - (left.last_used ?? 0) || left.id.localeCompare(right.id));
    return matches[0] ?? null;
  }

  /** Brings one index entry in line with its file (or drops it). A failure is logged: the account write counts. */
  private async syncIndexEntry(id: string): Promise<void> {
    try {
      await runExclusive(this.indexPath, async () => {
        const lock = await acquireFileLock(`${this.indexPath}.lock`, { timeoutMs: this.lockTimeoutMs });
        try {
          const { index, rebuilt } = await this.loadIndexForWrite(true);
          const outcome = await this.readOutcome(id);
          if (outcome.kind === 'problem') {
            if (rebuilt) await this.writeIndex(index);
            return;
          }
          const changed = applyIndexEntry(index, id, outcome.kind === 'ok' ? outcome.account : null);
          if (changed || rebuilt) await this.writeIndex(index);
        } finally {
          await lock.release();
        }
      });
    } catch (error) {
      this.logger.warn({ err: error, file: this.indexPath, id }, 'Could not update the account index; the account file itself was written');
    }
  }

  private async readStoredIndex(): Promise<{ kind: 'ok'; index: AccountIndex } | { kind: 'missing' } | { kind: 'corrupt'; reason: string; empty: boolean }> {
    let content: string;
    try {
      const handle = await open(this.indexPath, 'r');
      try {
        content = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    const parsed = parseAccountIndex(content);
    if (parsed.ok) return { kind: 'ok', index: parsed.index };
    return { kind: 'corrupt', reason: parsed.reason, empty: parsed.reason === 'empty' };
  }

  /** The index to modify: the stored one, or one rebuilt from the files (backing up a corrupt one first). */
  private async loadIndexForWrite(mayBackUp: boolean): Promise<{ index: AccountIndex; rebuilt: boolean }> {
    const stored = await this.readStoredIndex();
    if (stored.kind === 'ok') return { index: stored.index, rebuilt: false };
    if (stored.kind === 'corrupt' && !stored.empty && mayBackUp) {
      const backup = await this.backUpCorruptIndex();
      this.logger.warn({ file: this.indexPath, backup, reason: stored.reason }, 'Account index is corrupt; rebuilt it from the account files');
    } else if (stored.kind === 'corrupt' || stored.kind === 'missing') {
      this.logger.info({ file: this.indexPath }, 'Account index missing or empty; rebuilt it from the account files');
    }
    const { accounts } = await this.readAllIntoArray();
    return { index: buildIndexFromAccounts(accounts), rebuilt: true };
  }

  private async backUpCorruptIndex(): Promise<string> {
    const base = `${this.indexPath}.corrupt-${this.clock.now()}`;
    try {
      await copyFile(this.indexPath, base, fsConstants.COPYFILE_EXCL);
      return base;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const unique = `${base}-${randomBytes(4).toString('hex')}`;
      await copyFile(this.indexPath, unique, fsConstants.COPYFILE_EXCL);
      return unique;
    }
  }

  private async writeIndex(index: AccountIndex): Promise<void> {
    await writeFileAtomic(this.indexPath, JSON.stringify(index, null, 2), { mode: 0o600 });
  }

  private async ensureDirectory(path: string, isAccountsDir: boolean): Promise<void> {
    try {
      const stats = await stat(path);
      if (!stats.isDirectory()) {
        throw new AccountStoreError(
          'DATA_DIR_NOT_DIRECTORY',
          `${path} exists but is not a directory; move it away or choose another --data-dir`,
        );
      }
      return;
    } catch (error) {
      if (error instanceof AccountStoreError) throw error;
      if (errorCode(error) !== 'ENOENT') throw this.buildDirectoryError(path, error);
    }
    try {
      await mkdir(path, { recursive: true, mode: 0o700 });
      // Account files hold refresh tokens: their directory is private regardless of the umask.
      if (isAccountsDir) await chmod(path, 0o700);
    } catch (error) {
      throw this.buildDirectoryError(path, error);
    }
  }

  private buildDirectoryError(path: string, error: unknown): AccountStoreError {
    const code = errorCode(error);
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      return new AccountStoreError(
        'DATA_DIR_NOT_DIRECTORY',
        `Cannot use data directory ${this.dataDir}: a part of ${path} is a file, not a directory; choose another --data-dir`,
        { cause: error },
      );
    }
    return new AccountStoreError(
      'DATA_DIR_UNWRITABLE',
      `Cannot write to ${path} (${code ?? String(error)}): check its permissions or choose another --data-dir`,
      { cause: error },
    );
  }

  /**
   * Temp files, lock files and tombstones of writers that are gone, whatever their age: a temp file whose pid is
   * not alive (or is this process's pid but not one of its writes in flight: a container restarted with the same
   * pid), a lock no live process holds. Anything whose owner cannot be told is removed once it is older than
   * LEFTOVER_AGE_MS. Temp files hold tokens, so they must not outlive the crash that left them.
   */
  private async removeLeftovers(directory: string, accept: (name: string) => boolean): Promise<void> {
    let names: string[];
    try {
      names = await readdir(directory);
    } catch {
      return;
    }
    const removed: string[] = [];
    for (const name of names) {
      if (!accept(name) || !(LOCK_NAME.test(name) || LEFTOVER_NAME.test(name))) continue;
      const path = join(directory, name);
      try {
        if (LOCK_NAME.test(name)) {
          if (await removeAbandonedLock(path)) removed.push(name);
          continue;
        }
        if (!LEFTOVER_NAME.test(name)) continue;
        const stats = await stat(path);
        if (stats.isFile() && (await isAbandonedTemp(name, path, stats.mtimeMs))) {
          await unlink(path);
          removed.push(name);
        }
      } catch {
        // Gone already, or not ours to remove: this is best effort, and a live writer is never touched.
      }
    }
    if (removed.length > 0) this.logger.info({ directory, files: removed }, 'Removed leftovers of interrupted account writes');
  }

}
