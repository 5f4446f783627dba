import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';

/**
 * Reads small files synchronously, each with its stats from the same open file descriptor (open, fstat, read, close),
 * into one buffer that is reused from file to file. For bulk readers that run between event-loop turns (see
 * TimeSlice): four system calls cost less than the promises and thread-pool round trips of the asynchronous
 * equivalents, and ten thousand files leave no ten thousand buffers behind for the garbage collector.
 */
export class SyncFileReader {
  private buffer = Buffer.allocUnsafeSlow(16 * 1024);

  /**
   * The file's bytes and stats, or null when it does not exist. `bytes` is a view of the reader's buffer, valid until
   * the next read: decode or copy it first. The stats describe the inode the bytes came from; a file that grows while
   * it is read is read to its end.
   */
  read(path: string): { bytes: Buffer; stats: Stats } | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const stats = fstatSync(fd);
      // Room for one byte more than the size: a read that fills the room means the file grew since the fstat. A short
      // read of a regular file is its end, so a file that did not change takes one read.
      if (this.buffer.length < stats.size + 1) this.buffer = Buffer.allocUnsafeSlow(stats.size + 1);
      let length = 0;
      for (;;) {
        const wanted = this.buffer.length - length;
        const read = readSync(fd, this.buffer, length, wanted, null);
        length += read;
        if (read < wanted) break;
        const bigger = Buffer.allocUnsafeSlow(this.buffer.length * 2);
        this.buffer.copy(bigger, 0, 0, length);
        this.buffer = bigger;
      }
      return { bytes: this.buffer.subarray(0, length), stats };
    } finally {
      closeSync(fd);
    }
  }
}
