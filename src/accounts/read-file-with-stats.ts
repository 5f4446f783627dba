import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';

/**
 * A small file's bytes and its stats, both from one open file descriptor (open, fstat, read, close), or null when
 * the file does not exist. The stats describe the same inode as the bytes; a file that grows while it is read is
 * read to its end. Synchronous on purpose: bulk readers call it between event-loop turns (see TimeSlice), where
 * four system calls cost less than the promises and thread-pool round trips of the asynchronous equivalents.
 */
export function readFileWithStatsSync(path: string): { bytes: Buffer; stats: Stats } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    // One byte more than the size: a read that fills it means the file grew since the fstat. A short read of a
    // regular file is its end, so a file that did not change takes one read.
    let buffer = Buffer.allocUnsafe(stats.size + 1);
    let length = 0;
    for (;;) {
      const wanted = buffer.length - length;
      const read = readSync(fd, buffer, length, wanted, null);
      length += read;
      if (read < wanted) break;
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    return { bytes: buffer.subarray(0, length), stats };
  } finally {
    closeSync(fd);
  }
}
