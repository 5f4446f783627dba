import fs from 'node:fs';
import type { RecordedRequestLogEntry } from './request-log-entry.js';
import type { SanitizableRequestLogEntry } from './sanitize-request-log-entry.js';

/** An entry that did not fit in the entry ring, as sent to the writer thread: the bodies travel with it. */
export type SpilledRequestLogEntry = Omit<RecordedRequestLogEntry, 'response_body'> & { response_body: string | null };

/** An entry's fields without its bodies (stored in the entry ring as JSON text, see encodeEntryFields). */
export type RequestLogEntryFields = Omit<SanitizableRequestLogEntry, 'request_body' | 'response_body'>;

/**
 * What the request log's main-thread side (request-log-writer-thread.ts) and its writer thread
 * (request-log-writer.worker.ts) exchange.
 *
 * Commands go by `postMessage`, in order, each with a sequence number. The thread answers through shared memory
 * (`WriterControl`): the sequence number of the last command it finished, and the counters, so the main thread can
 * wait for its commands (`Atomics.wait`) and read the counters without waiting for a message.
 */
export type WriterCommand =
  /**
   * A batch, in the order recorded: `regions` holds REGION_INTS values per entry (entry-ring.ts), or, for an entry
   * that did not fit in the ring, -1 and its index in `spilled`. `releaseTo`: the ring position published as the
   * tail once the batch is written.
   */
  | { kind: 'write'; seq: number; regions: Int32Array; spilled: SpilledRequestLogEntry[]; releaseTo: number }
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
  /** The entry ring (entry-ring.ts). */
  ring: SharedArrayBuffer;
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
  /** The entry ring's tail (entry-ring.ts). */
  ringTail: 4,
  /**
   * The thread's id in the OS (`announceWriterThread`), 0 until it has said or where there is none: the main thread,
   * blocked in a read, cannot hear of the thread's exit from Node (that is an event), but can see the OS thread gone.
   */
  osThread: 5,
} as const;

export const WRITER_STATE = { starting: 0, ready: 1, failed: 2, closed: 3 } as const;

/** Even, so the Float64 counters after them are aligned. */
const CONTROL_INT32_SLOTS = 6;

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

/** This thread's id in the OS (Linux), or 0 where it cannot be read. */
export function readOwnOsThreadId(): number {
  try {
    const id = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : 0;
  } catch {
    return 0;
  }
}

/** Run first by the writer thread: says which OS thread it is (CONTROL.osThread), and returns that id. */
export function announceWriterThread(control: WriterControl): number {
  const id = readOwnOsThreadId();
  Atomics.store(control.int32, CONTROL.osThread, id);
  return id;
}

/**
 * True when OS thread `id` of this process has ended (Linux: it is no longer in /proc/self/task; a thread is removed
 * from there as soon as it exits, whatever ended it). False when it runs, or when that cannot be told (id 0).
 */
export function hasOsThreadEnded(id: number): boolean {
  if (id <= 0) return false;
  try {
    fs.statSync(`/proc/self/task/${id}`);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
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

/**
 * An entry's fields as one JSON array (in a fixed order, so no names are repeated); numbers that are not finite
 * become null, as they would in their columns.
 */
export function encodeEntryFields(entry: Omit<RequestLogEntryFields, 'timestamp' | 'request_body_bytes'>, timestamp: number, requestBodyBytes: number | undefined): string {
  return JSON.stringify([
    entry.id, timestamp, entry.method, entry.url, entry.status, entry.duration, entry.model, entry.mapped_model,
    entry.account_email, entry.protocol, entry.input_tokens, entry.output_tokens, entry.cached_tokens, entry.error,
    requestBodyBytes ?? null, entry.client_ip, entry.username,
  ]);
}

export function decodeEntryFields(text: string): RequestLogEntryFields {
  const [
    id, timestamp, method, url, status, duration, model, mapped_model, account_email, protocol, input_tokens,
    output_tokens, cached_tokens, error, request_body_bytes, client_ip, username,
  ] = JSON.parse(text) as unknown[];
  return {
    id, timestamp, method, url, status, duration, model, mapped_model, account_email, protocol, input_tokens,
    output_tokens, cached_tokens, error, request_body_bytes: request_body_bytes ?? undefined, client_ip, username,
  } as RequestLogEntryFields;
}
