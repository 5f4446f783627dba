import type { RecordedRequestLogEntry } from './request-log-entry.js';

/**
 * What the request log's main-thread side (request-log-writer-thread.ts) and its writer thread
 * (request-log-writer.worker.ts) exchange.
 *
 * Commands go by `postMessage`, in order, each with a sequence number. The thread answers through shared memory
 * (`WriterControl`): the sequence number of the last command it finished, and the counters, so the main thread can
 * wait for its commands (`Atomics.wait`) and read the counters without waiting for a message.
 */
export type WriterCommand =
  | { kind: 'write'; seq: number; entries: RecordedRequestLogEntry[] }
  | { kind: 'clear'; seq: number }
  | { kind: 'clear-stats'; seq: number }
  /** `logCutoff`: rows older than this (ms) are deleted, none when null; statistics rows before `statsCutoffHour`. */
  | { kind: 'sweep'; seq: number; logCutoff: number | null; statsCutoffHour: number }
  | { kind: 'close'; seq: number };

export type WriterEvent =
  /** The writer thread opened its connection and is ready (or `failed`: then it ends, and says why in a `warn`). */
  | { kind: 'ready' }
  | { kind: 'failed' }
  /** A `write` command was finished (written or lost): the main thread may send the next batch. */
  | { kind: 'written'; seq: number }
  | { kind: 'warn'; message: string };

export interface WriterData {
  path: string;
  maxBodyBytes: number;
  control: SharedArrayBuffer;
}

/** Int32 slots of the control memory. */
export const CONTROL = {
  /** Sequence number of the last finished command. */
  done: 0,
  /** Bumped as the thread makes progress (each command, each backfill slice): a stalled thread stops bumping it. */
  progress: 1,
  /** 1 while rows from before the statistics existed are still being folded in. */
  backfilling: 2,
  /** `WRITER_STATE`: set by the thread. */
  state: 3,
} as const;

export const WRITER_STATE = { starting: 0, ready: 1, failed: 2, closed: 3 } as const;

const CONTROL_INT32_SLOTS = 4;

/** Float64 slots of the control memory (after the Int32 ones): counters since start, written by the thread only. */
export const COUNTER = {
  written: 0,
  batches: 1,
  /** Entries in a batch SQLite refused. */
  lost: 2,
} as const;

const COUNTER_SLOTS = 3;

export interface WriterControl {
  int32: Int32Array;
  counters: Float64Array;
}

export function createControlMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_INT32_SLOTS * 4 + COUNTER_SLOTS * 8);
}

export function viewControlMemory(memory: SharedArrayBuffer): WriterControl {
  return {
    int32: new Int32Array(memory, 0, CONTROL_INT32_SLOTS),
    counters: new Float64Array(memory, CONTROL_INT32_SLOTS * 4, COUNTER_SLOTS),
  };
}

/** True when sequence number `done` is at or past `target` (sequence numbers wrap at 2^31). */
export function reached(done: number, target: number): boolean {
  return ((done - target) | 0) >= 0;
}
