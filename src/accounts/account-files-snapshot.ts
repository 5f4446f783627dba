import type { Stats } from 'node:fs';

/** One account file as a bulk read saw it: its content hash, and the stats that tell later whether it changed since. */
export interface SeenAccountFile {
  /** `hashContent` of the bytes read. */
  hash: string;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Permission bits (`mode & 0o777`). */
  mode: number;
}

/** Numbers kept per file: ino, size, mtimeMs, ctimeMs, mode. */
const FIELDS = 5;

/**
 * Every account file one `AccountStore.loadAll` read, by account id (bad files included). Kept compact, as columns: the
 * hashes in one array and the stats in one Float64Array (off the JavaScript heap), not an object and two boxed numbers
 * per file, since a load of ten thousand files holds it while the gateway starts.
 */
export class AccountFilesSnapshot {
  private readonly positions = new Map<string, number>();
  private readonly hashes: string[] = [];
  private numbers = new Float64Array(FIELDS * 256);

  /** `readStartedAtMs`: wall-clock time (ms) taken just before the first file was read. */
  constructor(readonly readStartedAtMs: number) {}

  get size(): number {
    return this.hashes.length;
  }

  /** Records (or replaces) what a read of the file `id` saw. */
  record(id: string, hash: string, stats: Stats): void {
    let position = this.positions.get(id);
    if (position === undefined) {
      position = this.hashes.length;
      this.positions.set(id, position);
      this.hashes.push(hash);
      if (this.numbers.length < (position + 1) * FIELDS) {
        const bigger = new Float64Array(this.numbers.length * 2);
        bigger.set(this.numbers);
        this.numbers = bigger;
      }
    } else {
      this.hashes[position] = hash;
    }
    const at = position * FIELDS;
    this.numbers[at] = stats.ino;
    this.numbers[at + 1] = stats.size;
    this.numbers[at + 2] = stats.mtimeMs;
    this.numbers[at + 3] = stats.ctimeMs;
    this.numbers[at + 4] = stats.mode & 0o777;
  }

  get(id: string): SeenAccountFile | undefined {
    const position = this.positions.get(id);
    if (position === undefined || this.numbers.length === 0) return undefined;
    const at = position * FIELDS;
    const numbers = this.numbers;
    return { hash: this.hashes[position], ino: numbers[at], size: numbers[at + 1], mtimeMs: numbers[at + 2], ctimeMs: numbers[at + 3], mode: numbers[at + 4] };
  }

  /** The content hash of the file `id` as read, or undefined when it was not. */
  hashOf(id: string): string | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.hashes[position];
  }

  /**
   * Frees the stats once nothing will compare them any more (the watcher's first check); the hashes stay. From then on
   * `get` and `modeOf` answer undefined.
   */
  dropStats(): void {
    this.numbers = new Float64Array(0);
  }

  /** The permission bits of the file `id` as read, or undefined when it was not. */
  modeOf(id: string): number | undefined {
    const position = this.positions.get(id);
    return position === undefined || this.numbers.length === 0 ? undefined : this.numbers[position * FIELDS + 4];
  }

  ids(): IterableIterator<string> {
    return this.positions.keys();
  }

  /** Each file's id and content hash, in the order they were first recorded. */
  *hashesById(): IterableIterator<[string, string]> {
    for (const [id, position] of this.positions) yield [id, this.hashes[position]];
  }
}

/**
 * Timestamps this close to the read (or after it) do not prove the file was not written again after it was read: file
 * systems stamp times with a coarse clock (a few ms on Linux, 2 s on FAT), so two writes and a read can share a stamp.
 */
export const TIMESTAMP_DOUBT_MS = 2_000;

/**
 * True when `stats` prove the file is still the version that was read: same inode (an atomic rename makes a new one),
 * same size, same modification and change times (any write or rename moves the change time), and both times older
 * than the read by more than the timestamp granularity. False means "maybe changed": read it again to know.
 */
export function isUnchangedSince(seen: SeenAccountFile, stats: Stats, readStartedAtMs: number): boolean {
  return (
    stats.ino === seen.ino &&
    stats.size === seen.size &&
    stats.mtimeMs === seen.mtimeMs &&
    stats.ctimeMs === seen.ctimeMs &&
    Math.max(seen.mtimeMs, seen.ctimeMs) < readStartedAtMs - TIMESTAMP_DOUBT_MS
  );
}
