import { acquireFileLock as acquireSharedFileLock, FileLockTimeoutError, type FileLock, type FileLockOptions } from '../shared/file-lock.js';
import { AccountStoreError } from './account-errors.js';

export { DEFAULT_STALE_LOCK_MS, isProcessAlive, removeAbandonedLock } from '../shared/file-lock.js';
export type { FileLock, FileLockOptions } from '../shared/file-lock.js';

/** The shared cross-process lock (`shared/file-lock.ts`); a timeout is the store's `LOCK_TIMEOUT` error. */
export async function acquireFileLock(lockPath: string, options: FileLockOptions): Promise<FileLock> {
  try {
    return await acquireSharedFileLock(lockPath, options);
  } catch (error) {
    if (error instanceof FileLockTimeoutError) throw new AccountStoreError('LOCK_TIMEOUT', error.message);
    throw error;
  }
}
