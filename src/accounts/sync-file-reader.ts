import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads small files synchronously, three system calls each (open, read, close: no stat, the size is found by reading),
 * into one buffer that is reused from file to file. For bulk readers that run between event-loop turns (see
 * TimeSlice): three system calls cost less than the promises and thread-pool round trips of the asynchronous
 * equivalents, and ten thousand files leave no ten thousand buffers behind for the garbage collector.
 */
export class SyncFileReader {
  private buffer = Buffer.allocUnsafeSlow(16 * 1024);

  /**
   * The file's bytes, or null when it does not exist: a view of the reader's buffer, valid until the next read (decode
   * or copy it first). A file larger than the buffer makes the buffer grow; a file that grows while it is read is read
   * to its end.
   */
  read(path: string): Buffer | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      let length = 0;
      for (;;) {
        const wanted = this.buffer.length - length;
        const read = readSync(fd, this.buffer, length, wanted, null);
        length += read;
        // A short read of a regular file is its end, so a file smaller than the buffer takes one read.
        if (read < wanted) break;
        const bigger = Buffer.allocUnsafeSlow(this.buffer.length * 2);
        this.buffer.copy(bigger, 0, 0, length);
        this.buffer = bigger;
      }
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
}
