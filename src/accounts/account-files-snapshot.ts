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

/** Every account file one `AccountStore.loadAll` read, by account id (bad files included). */
export interface AccountFilesSnapshot {
  /** Wall-clock time (ms) taken just before the first file was read. */
  readStartedAtMs: number;
  files: Map<string, SeenAccountFile>;
}

/**
 * Timestamps this close to the read (or after it) do not prove the file was not written again after it was read: file
 * systems stamp times with a coarse clock (a few ms on Linux, 2 s on FAT), so two writes and a read can share a stamp.
 */
export const TIMESTAMP_DOUBT_MS = 2_000;

export function describeSeenFile(hash: string, stats: Stats): SeenAccountFile {
  return { hash, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, mode: stats.mode & 0o777 };
}

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
