import { hash } from 'node:crypto';
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountFilesSnapshot } from './account-files-snapshot.js';

export interface WatchLogger {
  warn(details: object, message: string): void;
}

export interface WatchAccountsDirOptions {
  directory: string;
  /** Account id for a file name, or null for names that are not account files (temp files, locks, others). */
  parseAccountId(fileName: string): string | null;
  /** True when `hash` (null: no file) is what this store itself wrote or is writing for the id. */
  isOwnContent(id: string, hash: string | null): boolean;
  /**
   * Every content hash the watcher reads (null: no file), so the store knows which version it last saw. Not called for
   * the files of `startFrom`: the caller has their hashes already.
   */
  observe?(id: string, hash: string | null): void;
  onChange(ids: Set<string>): void;
  /**
   * What the caller read of the directory (AccountStore.loadAll): changes are reported against it, not against the
   * files as they are when the watcher starts. A promise is a read that starts after the watch: every change after it
   * sends an event, and events wait for the read to finish (null: it failed; the watcher then reads every file itself).
   * A read that is already done is checked file by file once, in the background, for changes the watch came too late
   * to see. Without it the first snapshot reads every file, and changes are reported against the files as they are.
   */
  startFrom?: AccountFilesSnapshot | Promise<AccountFilesSnapshot | null>;
  logger?: WatchLogger;
  debounceMs?: number;
  maxDelayMs?: number;
}

const RETRY_WATCH_MS = 1_000;
/** The check of a finished read taken over from the caller starts this long after the watch (background work). */
const SNAPSHOT_CHECK_DELAY_MS = 1_000;
/** Marks a file whose state at the first snapshot is uncertain: any state seen later counts as a change. */
const UNKNOWN = 'unknown';

/** SHA-256 of a file's content, in hex (one-shot: no Hash object per file). */
export function hashContent(content: string | Buffer): string {
  return hash('sha256', content, 'hex');
}

/**
 * Reports account files changed by someone else. fs.watch on the directory (never on the files, so atomic
 * renames are seen); events are debounced, then each touched file is hashed and compared with what was last
 * seen and with what this process wrote itself, so our own writes and no-op events stay silent.
 * Returns a stop function.
 */
export function watchAccountsDir({ startFrom: given, ...options }: WatchAccountsDirOptions): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  // The caller's snapshot, once there is one.
  let startFrom = given instanceof Promise ? undefined : given;
  // What was last seen of each file (null: no file): `seen`, over the caller's snapshot (`startFrom`) for the files not
  // seen since. The snapshot is not copied: ten thousand files would be one more map of ten thousand entries.
  const seen = new Map<string, string | null>();
  const lastSeen = (id: string): string | null | undefined => (seen.has(id) ? seen.get(id) : startFrom?.hashOf(id));
  const pendingNames = new Set<string>();
  let rescanAll = false;
  let firstPendingAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let checkTimer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  let snapshotting = true;
  let touchedEverythingDuringSnapshot = false;
  const touchedDuringSnapshot = new Set<string>();

  const readHash = async (id: string): Promise<string | null> => {
    try {
      return hashContent(await readFile(join(options.directory, `${id}.json`)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };

  const listIds = async (): Promise<string[]> => {
    try {
      const names = await readdir(options.directory);
      return names.map((name) => options.parseAccountId(name)).filter((id): id is string => id !== null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  };

  const flush = async (names: string[], everything: boolean, candidates = new Set<string>()): Promise<void> => {
    for (const name of names) {
      const id = options.parseAccountId(name);
      if (id !== null) candidates.add(id);
    }
    if (everything) {
      for (const id of await listIds()) candidates.add(id);
      for (const id of seen.keys()) candidates.add(id);
      for (const id of startFrom?.ids() ?? []) candidates.add(id);
    }
    const changed = new Set<string>();
    for (const id of candidates) {
      const current = await readHash(id);
      const previous = lastSeen(id);
      // A file as the caller's snapshot has it needs no entry of its own (a flush of everything would copy the snapshot).
      if (seen.has(id) || current !== startFrom?.hashOf(id)) seen.set(id, current);
      options.observe?.(id, current);
      if (previous === current) continue;
      if (previous === undefined && current === null) continue;
      if (options.isOwnContent(id, current)) continue;
      changed.add(id);
    }
    if (changed.size > 0 && !stopped) options.onChange(changed);
  };

  const scheduleFlush = () => {
    if (timer !== undefined) clearTimeout(timer);
    const waited = Date.now() - firstPendingAt;
    timer = setTimeout(
      () => {
        timer = undefined;
        const names = [...pendingNames];
        const everything = rescanAll;
        pendingNames.clear();
        rescanAll = false;
        queue = queue
          .then(() => flush(names, everything))
          .catch((error: unknown) => options.logger?.warn({ err: error, directory: options.directory }, 'Account watcher failed to read changes'));
      },
      Math.max(0, Math.min(debounceMs, maxDelayMs - waited)),
    );
    timer.unref();
  };

  const noteEvent = (fileName: string | null) => {
    if (stopped) return;
    if (snapshotting) {
      const id = fileName === null ? null : options.parseAccountId(fileName);
      if (fileName === null) touchedEverythingDuringSnapshot = true;
      else if (id !== null) touchedDuringSnapshot.add(id);
    }
    if (pendingNames.size === 0 && !rescanAll && timer === undefined) firstPendingAt = Date.now();
    if (fileName === null) rescanAll = true;
    else if (options.parseAccountId(fileName) !== null) pendingNames.add(fileName);
    else return;
    scheduleFlush();
  };

  const start = (isRestart: boolean) => {
    if (stopped) return;
    try {
      watcher = watch(options.directory, { persistent: false }, (_event, fileName) => {
        noteEvent(typeof fileName === 'string' ? fileName : null);
      });
      watcher.on('error', (error) => {
        options.logger?.warn({ err: error, directory: options.directory }, 'Account watcher stopped; restarting');
        restart();
      });
      // After a restart, whatever happened while we were not watching is compared with the last snapshot.
      if (isRestart) noteEvent(null);
    } catch (error) {
      options.logger?.warn({ err: error, directory: options.directory }, 'Cannot watch the accounts directory; retrying');
      restart();
    }
  };

  const restart = () => {
    watcher?.close();
    watcher = undefined;
    if (stopped || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      start(true);
    }, RETRY_WATCH_MS);
    retryTimer.unref();
  };

  // Watch first, then take the snapshot of "how files are now" (which are not changes). A file touched while the
  // snapshot is taken is recorded as unknown, so that change is reported rather than absorbed into the snapshot.
  const takeSnapshot = async (): Promise<void> => {
    for (const id of await listIds()) {
      const hash = await readHash(id);
      const uncertain = touchedEverythingDuringSnapshot || touchedDuringSnapshot.has(id);
      seen.set(id, uncertain ? UNKNOWN : hash);
      if (!uncertain) options.observe?.(id, hash);
    }
  };

  // With a read the caller finished before the watch: events from now on are compared with it, and the files changed
  // between that read and the watch sent no event, so a little later every file is read once more (a flush of
  // everything), which reports those whose content differs from what the caller read. Background work: it waits until
  // the gateway serves; an event in the meantime flushes its file at once, and the check then finds it as last seen.
  const checkFinishedRead = (): void => {
    snapshotting = false;
    checkTimer = setTimeout(() => {
      checkTimer = undefined;
      queue = queue
        .then(() => flush([], true))
        .catch((error: unknown) => options.logger?.warn({ err: error, directory: options.directory }, 'Account watcher failed to check its first snapshot'));
    }, SNAPSHOT_CHECK_DELAY_MS);
    checkTimer.unref();
  };

  const takeOwnSnapshot = () =>
    takeSnapshot()
      .catch((error: unknown) => options.logger?.warn({ err: error, directory: options.directory }, 'Account watcher failed to take its first snapshot'))
      .finally(() => {
        snapshotting = false;
        touchedDuringSnapshot.clear();
      });

  start(false);
  if (given instanceof Promise) {
    // A read that starts after the watch: nothing can change unseen, so its snapshot is taken as it is. Flushes of the
    // events that arrive while it reads wait behind it (the queue), then compare those files with what it read.
    queue = given.then(
      (snapshot) => {
        if (snapshot === null) return takeOwnSnapshot();
        startFrom = snapshot;
        snapshotting = false;
        touchedDuringSnapshot.clear();
        return undefined;
      },
      () => takeOwnSnapshot(),
    );
  } else if (startFrom === undefined) {
    queue = takeOwnSnapshot();
  } else {
    checkFinishedRead();
  }

  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    if (checkTimer !== undefined) clearTimeout(checkTimer);
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    watcher?.close();
  };
}
