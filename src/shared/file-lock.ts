import { randomBytes } from 'node:crypto';
import { copyFile, link, open, readFile, rename, unlink, writeFile, constants as fsConstants } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { markTempInFlight } from './write-file-atomic.js';

/**
 * Cross-process lock files (`<target>.lock`), so the CLI and a running server never interleave a
 * read-modify-write of the same file (account files, the index, `gui_config.json`).
 *
 * - A lock is created atomically WITH its content ({pid, hostname, acquiredAt, nonce}): the content is written
 *   to a private temp file that is then hard-linked to the lock name (link fails with EEXIST like
 *   `open(path, 'wx')` does). A holder killed at any moment therefore never leaves an empty lock behind, which
 *   no one could attribute to a dead process. File systems without hard links fall back to `open(path, 'wx')`.
 * - A lock is stale when its owner process is gone (same host: `process.kill(pid, 0)` → ESRCH, or a zombie) or
 *   when it is older than `staleMs` (30 s; other hosts, reused pids, unreadable content).
 * - Stealing is serialised by a second, short-lived guard lock (`<target>.lock.steal`). Under the guard the lock
 *   is read again, and only a lock that is still stale is renamed to a unique tombstone; the tombstone is then
 *   compared with what was read (inode and content) before it is deleted. If the rename displaced a different,
 *   live lock, it is linked back. A live lock is never unlinked.
 */

export const DEFAULT_STALE_LOCK_MS = 30_000;
const GUARD_STALE_MS = 5_000;

export interface FileLockOptions {
  timeoutMs: number;
  staleMs?: number;
}

export interface FileLock {
  readonly path: string;
  /** True while the lock file on disk is still this holder's (it was not stolen as stale). */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  hostname: string;
  acquiredAt: number;
  nonce: string;
}

interface ObservedLock {
  owner: LockOwner | null;
  content: string;
  inode: number;
  modifiedAtMs: number;
}

/** Nonces of the locks this process holds right now, across every store instance. */
const heldNonces = new Set<string>();

export async function acquireFileLock(lockPath: string, options: FileLockOptions): Promise<FileLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_LOCK_MS;
  const deadline = Date.now() + options.timeoutMs;
  let attempt = 0;
  let lastSeen: ObservedLock | null = null;
  for (;;) {
    const owner = buildOwner();
    if (await tryCreateLock(lockPath, owner)) {
      heldNonces.add(owner.nonce);
      return buildHeldLock(lockPath, owner);
    }
    const observed = await readLock(lockPath);
    if (observed !== null) {
      lastSeen = observed;
      if ((await isStale(observed, staleMs)) && (await stealStaleLock(lockPath, staleMs))) continue;
    }
    if (Date.now() >= deadline) throw buildTimeoutError(lockPath, options.timeoutMs, lastSeen);
    if (observed !== null) {
      await delay(computeBackoff(attempt));
      attempt += 1;
    }
  }
}

/** False only when the process certainly does not exist (or is a zombie waiting to be reaped). */
export async function isProcessAlive(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

function buildOwner(): LockOwner {
  return { pid: process.pid, hostname: hostname(), acquiredAt: Date.now(), nonce: randomBytes(12).toString('hex') };
}

function buildHeldLock(lockPath: string, owner: LockOwner): FileLock {
  let released = false;
  return {
    path: lockPath,
    async isHeld() {
      if (released) return false;
      const current = await readLock(lockPath);
      return current?.owner?.nonce === owner.nonce;
    },
    async release() {
      if (released) return;
      released = true;
      try {
        const current = await readLock(lockPath);
        // Only ever delete our own lock; if it was stolen as stale, the new holder's lock stays.
        if (current?.owner?.nonce === owner.nonce) await unlink(lockPath).catch(ignoreMissing);
      } finally {
        heldNonces.delete(owner.nonce);
      }
    },
  };
}

async function tryCreateLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  const content = JSON.stringify(owner);
  const temp = `${lockPath}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const done = markTempInFlight(temp);
  try {
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    done();
    throw error;
  }
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      return createLockExclusive(lockPath, content);
    }
    throw error;
  } finally {
    await unlink(temp).catch(ignoreMissing);
    done();
  }
}

/**
 * Removes a lock file (`*.lock`, `*.lock.steal`) that no live process holds, whatever its age: its owner is gone
 * (same host) or a previous incarnation of this pid; or it is older than the stale limit. Same rules and the same
 * guarded removal as a waiting writer uses, so a live lock is never removed. True when it was removed.
 */
export async function removeAbandonedLock(lockPath: string): Promise<boolean> {
  const observed = await readLock(lockPath);
  if (observed === null) return false;
  const staleMs = lockPath.endsWith('.steal') ? GUARD_STALE_MS : DEFAULT_STALE_LOCK_MS;
  if (!(await isStale(observed, staleMs))) return false;
  if (lockPath.endsWith('.steal')) {
    await removeVerified(lockPath, observed);
    return (await readLock(lockPath)) === null;
  }
  return stealStaleLock(lockPath, staleMs);
}

async function createLockExclusive(lockPath: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(lockPath: string): Promise<ObservedLock | null> {
  let handle;
  try {
    handle = await open(lockPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stats = await handle.stat();
    const content = await handle.readFile('utf8');
    return { owner: parseOwner(content), content, inode: stats.ino, modifiedAtMs: stats.mtimeMs };
  } finally {
    await handle.close();
  }
}

function parseOwner(content: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, hostname: host, acquiredAt, nonce } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof acquiredAt !== 'number' || typeof nonce !== 'string') {
      return null;
    }
    return { pid, hostname: host, acquiredAt, nonce };
  } catch {
    return null;
  }
}

async function isStale(observed: ObservedLock, staleMs: number): Promise<boolean> {
  const { owner } = observed;
  // The earlier of the two clocks, so a writer whose clock runs ahead cannot make its lock immortal.
  const createdAt = Math.min(owner?.acquiredAt ?? Number.POSITIVE_INFINITY, observed.modifiedAtMs);
  if (Date.now() - createdAt > staleMs) return true;
  if (owner === null || owner.hostname !== hostname()) return false;
  // Same pid as ours but not a lock we hold: a previous incarnation (containers restart with the same pid).
  if (owner.pid === process.pid) return !heldNonces.has(owner.nonce);
  return !(await isProcessAlive(owner.pid));
}

/** Returns true when the caller should retry at once (the stale lock is gone), false when it should back off. */
async function stealStaleLock(lockPath: string, staleMs: number): Promise<boolean> {
  const guardPath = `${lockPath}.steal`;
  const guardOwner = buildOwner();
  if (!(await tryCreateLock(guardPath, guardOwner))) {
    const guard = await readLock(guardPath);
    if (guard !== null && (await isStale(guard, GUARD_STALE_MS))) await removeVerified(guardPath, guard);
    return false;
  }
  heldNonces.add(guardOwner.nonce);
  try {
    const current = await readLock(lockPath);
    if (current === null) return true;
    if (!(await isStale(current, staleMs))) return false;
    await removeVerified(lockPath, current);
    return true;
  } finally {
    heldNonces.delete(guardOwner.nonce);
    await unlink(guardPath).catch(ignoreMissing);
  }
}

/** Removes `path` only if it is still the very file observed; a different lock found there is put back. */
async function removeVerified(path: string, expected: ObservedLock): Promise<void> {
  const tombstone = `${path}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, tombstone);
  } catch (error) {
    ignoreMissing(error);
    return;
  }
  const moved = await readLock(tombstone);
  if (moved !== null && (moved.inode !== expected.inode || moved.content !== expected.content)) {
    await restoreLock(tombstone, path);
  }
  await unlink(tombstone).catch(ignoreMissing);
}

async function restoreLock(tombstone: string, path: string): Promise<void> {
  try {
    await link(tombstone, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    await copyFile(tombstone, path, fsConstants.COPYFILE_EXCL).catch(() => undefined);
  }
}

/** Critical sections last a few milliseconds, so waiters poll often: 2 ms growing to 25 ms, with jitter. */
function computeBackoff(attempt: number): number {
  const base = Math.min(2 * 1.5 ** attempt, 25);
  return Math.max(1, Math.round(base * (0.5 + Math.random())));
}

/** The lock stayed held by a live owner for the whole timeout. */
export class FileLockTimeoutError extends Error {
  readonly code = 'LOCK_TIMEOUT';

  constructor(message: string) {
    super(message);
    this.name = 'FileLockTimeoutError';
  }
}

function buildTimeoutError(lockPath: string, timeoutMs: number, lastSeen: ObservedLock | null): FileLockTimeoutError {
  const owner = lastSeen?.owner;
  const holder = owner
    ? ` held by pid ${owner.pid} on ${owner.hostname} since ${new Date(owner.acquiredAt).toISOString()}`
    : '';
  return new FileLockTimeoutError(
    `Timed out after ${timeoutMs} ms waiting for lock ${lockPath}${holder}; if no agt process is running, delete the lock file`,
  );
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
