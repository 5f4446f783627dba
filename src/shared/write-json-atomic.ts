import { randomBytes } from 'node:crypto';
import { open, rename, unlink, chmod } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/**
 * Writes JSON so that a crash at any moment leaves either the old or the new file, never a torn one:
 * temp file in the same directory → fsync → rename over the target → fsync the directory (best effort).
 */
export async function writeJsonAtomic(path: string, value: unknown, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  try {
    const directory = await open(dirname(path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch {
    // Directory fsync is not supported everywhere; the rename itself is already atomic.
  }
}
