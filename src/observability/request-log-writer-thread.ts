import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../shared/start-module-worker.js';
import { EntryRing, REGION_INTS } from './entry-ring.js';
import {
  CONTROL,
  COUNTER,
  createControlMemory,
  hasOsThreadEnded,
  reached,
  viewControlMemory,
  WRITER_STATE,
  type WriterCommand,
  type WriterControl,
  type WriterData,
  type WriterEvent,
  type SpilledRequestLogEntry,
} from './request-log-writer-protocol.js';

type CommandWithoutSeq = WriterCommand extends infer C ? (C extends unknown ? Omit<C, 'seq'> : never) : never;

export interface RequestLogWriterThreadOptions {
  path: string;
  maxBodyBytes: number;
  /** Rows from before the statistics existed are waiting to be folded in: the thread starts at once to do it. */
  backfilling: boolean;
  warn(message: string): void;
  /** A batch was written (or lost): the thread can take the next one. */
  onBatchDone(): void;
  /** The writer was given up (it could not start, could not open the database, or crashed repeatedly): nothing more is written. */
  onFailed(reason: string): void;
  /** The entry ring position before which the queued entries need nothing (null: none of the ring is needed). */
  oldestQueuedRingPosition(): number | null;
  /** How long `sync` waits for a thread that makes no progress at all before it gives up; 15 s by default. */
  stallTimeoutMs?: number;
  /** Size of the entry ring (entry-ring.ts), a power of two; 8 MiB by default. */
  ringBytes?: number;
  /** The thread's module (see startModuleWorker); the request log's writer by default. For tests of a failing start. */
  workerModule?: string;
}

/** More crashes than this within CRASH_WINDOW_MS and the writer is given up. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 10 * 60 * 1000;
const WAIT_SLICE_MS = 100;

/**
 * The main thread's side of the request log's writer thread (request-log-writer.worker.ts): starts it when there
 * is first something to write, sends it commands in order, waits for them when a reader needs to see their effect
 * (`sync`, with `Atomics.wait`: the dashboard's reads stay synchronous), and restarts it when it dies — up to three
 * times in ten minutes, then the writer is given up and says so.
 */
export class RequestLogWriterThread {
  private worker: Worker | null = null;
  private readonly control: WriterControl;
  private readonly memory: SharedArrayBuffer;
  private readonly ringMemory: SharedArrayBuffer;
  /** Where `record` puts queued entries; the thread reads them from there. */
  readonly ring: EntryRing;
  private seq = 0;
  /** `write` commands sent and not known to be finished: sequence number → entries. */
  private readonly inFlight = new Map<number, number>();
  /** Entries lost with a thread that died, or in a batch that could not be sent. */
  private lostInCrashes = 0;
  private readonly crashes: number[] = [];
  private failed = false;
  private closed = false;
  private stallReported = false;
  private readonly stallTimeoutMs: number;

  constructor(private readonly options: RequestLogWriterThreadOptions) {
    this.memory = createControlMemory();
    this.control = viewControlMemory(this.memory);
    this.ringMemory = new SharedArrayBuffer(options.ringBytes ?? 8 * 1024 * 1024);
    this.ring = new EntryRing(this.ringMemory, this.control.int32, CONTROL.ringTail);
    this.stallTimeoutMs = options.stallTimeoutMs ?? 15_000;
    if (options.backfilling) {
      Atomics.store(this.control.int32, CONTROL.backfilling, 1);
      this.start();
    }
  }

  /** False once the writer was given up or closed: sending does nothing then. */
  get usable(): boolean {
    return !this.failed && !this.closed;
  }

  /** True while a `write` command is with the thread. */
  get writing(): boolean {
    this.forgetFinished();
    return this.inFlight.size > 0;
  }

  /** Entries sent to the thread and not written yet. */
  get pendingEntries(): number {
    this.forgetFinished();
    let total = 0;
    for (const count of this.inFlight.values()) total += count;
    return total;
  }

  get backfilling(): boolean {
    return Atomics.load(this.control.int32, CONTROL.backfilling) === 1;
  }

  counters(): { written: number; batches: number; lost: number } {
    const counters = this.control.counters;
    return { written: counters[COUNTER.written], batches: counters[COUNTER.batches], lost: counters[COUNTER.lost] + this.lostInCrashes };
  }

  /**
   * Sends one batch (see the `write` command); the body bytes in `transfer` move to the thread (they must be the
   * spilled entries' own copies).
   */
  write(regions: Int32Array, spilled: SpilledRequestLogEntry[], transfer: ArrayBuffer[], releaseTo: number): void {
    const seq = this.send({ kind: 'write', regions, spilled, releaseTo }, transfer);
    // Not sent (the thread could not start, or was given up): the batch is lost, and counted.
    if (seq === null) this.lostInCrashes += regions.length / REGION_INTS;
    else this.inFlight.set(seq, regions.length / REGION_INTS);
  }

  send(command: CommandWithoutSeq, transfer: ArrayBuffer[] = []): number | null {
    if (!this.usable) return null;
    const worker = this.worker ?? this.start();
    if (worker === null) return null;
    this.seq = (this.seq + 1) | 0;
    worker.postMessage({ ...command, seq: this.seq } as WriterCommand, transfer);
    return this.seq;
  }

  /**
   * Blocks until the thread has finished every command sent so far (or has failed, or made no progress for the
   * stall timeout: then it warns once and returns). A thread that has died is seen within a wait slice (100 ms) —
   * Node reports a thread's exit as an event, which cannot come while this blocks, so the OS thread is looked for —
   * and handled then as its exit event would be: what it had not finished is counted as lost and a new one started.
   * Only a thread that dies before it has said which OS thread it is (or where there is no /proc) still takes the
   * stall timeout.
   */
  sync(): void {
    const target = this.seq;
    const int32 = this.control.int32;
    let progress = Atomics.load(int32, CONTROL.progress);
    let lastProgressAt = Date.now();
    for (;;) {
      const done = Atomics.load(int32, CONTROL.done);
      const worker = this.worker;
      if (reached(done, target) || worker === null) break;
      const state = Atomics.load(int32, CONTROL.state);
      if (state === WRITER_STATE.failed || state === WRITER_STATE.closed) break;
      if (Atomics.wait(int32, CONTROL.done, done, WAIT_SLICE_MS) === 'timed-out' && hasOsThreadEnded(Atomics.load(int32, CONTROL.osThread))) {
        this.handleExit(worker);
        break;
      }
      const now = Date.now();
      const current = Atomics.load(int32, CONTROL.progress);
      if (current !== progress) {
        progress = current;
        lastProgressAt = now;
      } else if (now - lastProgressAt > this.stallTimeoutMs) {
        if (!this.stallReported) this.options.warn(`Request log writer made no progress for ${Math.round(this.stallTimeoutMs / 1000)} s; reading what is written so far`);
        this.stallReported = true;
        return;
      }
    }
    this.forgetFinished();
  }

  /** Sends `close` after everything already sent, waits for it, and lets the thread end. */
  close(): void {
    if (this.closed) return;
    if (this.worker !== null && !this.failed) {
      this.send({ kind: 'close' });
      this.sync();
    }
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) void worker.terminate();
  }

  /** Ends the thread at once, without finishing its commands, as a crash would. For the tests of the restart. */
  async stopAbruptly(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Starts the thread; when it cannot even be started, the writer is given up (with a warning) and null returned. */
  private start(): Worker | null {
    Atomics.store(this.control.int32, CONTROL.state, WRITER_STATE.starting);
    Atomics.store(this.control.int32, CONTROL.osThread, 0);
    const data: WriterData = { path: this.options.path, maxBodyBytes: this.options.maxBodyBytes, control: this.memory, ring: this.ringMemory };
    let worker: Worker;
    try {
      worker = startModuleWorker(this.options.workerModule ?? 'observability/request-log-writer.worker', { workerData: data, name: 'agt request log writer' });
    } catch (error) {
      const reason = `its writer thread cannot start (${error instanceof Error ? error.message : String(error)})`;
      this.options.warn(`Request log disabled: ${reason}; requests will not be recorded`);
      this.giveUp(reason);
      return null;
    }
    worker.unref();
    worker.on('message', (event: WriterEvent) => this.handleEvent(event));
    worker.on('error', (error) => {
      if (this.worker === worker) this.options.warn(`Request log writer crashed (${error.message})`);
    });
    worker.on('exit', () => this.handleExit(worker));
    this.worker = worker;
    return worker;
  }

  private handleEvent(event: WriterEvent): void {
    switch (event.kind) {
      case 'warn':
        this.options.warn(event.message);
        return;
      case 'written':
        this.inFlight.delete(event.seq);
        this.options.onBatchDone();
        return;
      case 'failed':
        this.giveUp('its writer thread cannot open the database');
        return;
      case 'ready':
        this.stallReported = false;
        return;
    }
  }

  private handleExit(worker: Worker): void {
    if (this.worker !== worker || this.closed || this.failed) return;
    this.worker = null;
    // What the dead thread had not finished is lost; nothing waits for it any more.
    this.forgetFinished();
    for (const count of this.inFlight.values()) this.lostInCrashes += count;
    this.inFlight.clear();
    Atomics.store(this.control.int32, CONTROL.done, this.seq);
    this.ring.releaseTo(this.options.oldestQueuedRingPosition());
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > CRASH_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_CRASHES) {
      const reason = `its writer thread stopped ${this.crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes`;
      this.options.warn(`Request log writer stopped ${this.crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes; requests are no longer recorded until agt restarts`);
      this.giveUp(reason);
      return;
    }
    this.options.warn('Request log writer stopped unexpectedly; starting a new one (entries it had not written are lost)');
    this.start();
    this.options.onBatchDone();
  }

  private giveUp(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.forgetFinished();
    for (const count of this.inFlight.values()) this.lostInCrashes += count;
    this.inFlight.clear();
    Atomics.store(this.control.int32, CONTROL.backfilling, 0);
    this.options.onFailed(reason);
  }

  private forgetFinished(): void {
    if (this.inFlight.size === 0) return;
    const done = Atomics.load(this.control.int32, CONTROL.done);
    for (const seq of this.inFlight.keys()) if (reached(done, seq)) this.inFlight.delete(seq);
  }
}
