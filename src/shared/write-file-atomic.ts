import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface WriteFileAtomicOptions {
  /** File mode of the result; default 0600 (account files hold refresh tokens). */
  mode?: number;
  /** Called after the temp file is durable and just before it replaces the target; throwing aborts the write. */
  beforeRename?: () => Promise<void>;
}

/** `<target>.tmp-<pid>-<random>`: the store and the watcher ignore every name containing `.tmp`. */
export function buildTempPath(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * Temp files this process is writing right now (any module), so a start-up cleanup in the same process can tell
 * them from leftovers of an earlier process that had the same pid (a container's pid 1 after a restart).
 */
const tempsInFlight = new Set<string>();

export function markTempInFlight(path: string): () => void {
  tempsInFlight.add(path);
  return () => tempsInFlight.delete(path);
}

export function isTempInFlight(path: string): boolean {
  return tempsInFlight.has(path);
}

/**
 * Replaces `target` so that a crash at any moment leaves the old or the new content, never a torn file:
 * write a temp file in the same directory, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileAtomic(target: string, content: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const temp = buildTempPath(target);
  const done = markTempInFlight(temp);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      // The umask may have narrowed the mode at creation; set it exactly before the file becomes visible.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await rename(temp, target);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
    done();
  }
  await syncDirectory(dirname(target));
}

/** Makes a rename durable. Not every platform can fsync a directory (Windows cannot), so failures are ignored. */
export async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the rename is atomic already; only its durability across power loss depends on this.
  }
}
