/**
 * The request log's writer thread: owns the write connection to `proxy_logs.db` and runs every write command the
 * main thread sends (request-log-writer-protocol.ts), in order, so redaction, capping, SQLite and the statistics
 * never take the gateway's event loop. Errors are reported as warnings and the thread keeps going; a batch SQLite
 * refuses is counted as lost.
 */
import os from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { EntryRing, readRegion, REGION_INTS } from './entry-ring.js';
import { openRequestLogDatabase } from './open-request-log-database.js';
import { RequestLogWriter } from './request-log-writer.js';
import type { SanitizableRequestLogEntry } from './sanitize-request-log-entry.js';
import {
  announceWriterThread,
  CONTROL,
  COUNTER,
  decodeEntryFields,
  viewControlMemory,
  WRITER_STATE,
  type WriterCommand,
  type WriterControl,
  type WriterData,
  type WriterEvent,
} from './request-log-writer-protocol.js';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function serve(port: MessagePort, data: WriterData): void {
  const control: WriterControl = viewControlMemory(data.control);
  const ring = Buffer.from(data.ring);
  const send = (event: WriterEvent) => port.postMessage(event);
  const setState = (state: number) => {
    Atomics.store(control.int32, CONTROL.state, state);
    Atomics.notify(control.int32, CONTROL.done);
  };

  let database: Database.Database | null = null;
  let writer: RequestLogWriter;
  try {
    database = openRequestLogDatabase(data.path);
    writer = new RequestLogWriter(database, data.maxBodyBytes);
  } catch (error) {
    database?.close();
    send({ kind: 'warn', message: `Request log disabled: its writer cannot open ${data.path} (${errorMessage(error)}); requests will not be recorded` });
    send({ kind: 'failed' });
    setState(WRITER_STATE.failed);
    port.close();
    return;
  }
  setState(WRITER_STATE.ready);
  send({ kind: 'ready' });

  let writeFailureReported = false;
  let backfillTimer: NodeJS.Immediate | null = null;

  const finish = (seq: number) => {
    Atomics.add(control.int32, CONTROL.progress, 1);
    Atomics.store(control.int32, CONTROL.done, seq);
    Atomics.notify(control.int32, CONTROL.done);
  };

  const attempt = (what: string, action: () => void) => {
    try {
      action();
    } catch (error) {
      send({ kind: 'warn', message: `${what} failed (${errorMessage(error)})` });
    }
  };

  const write = (command: WriterCommand & { kind: 'write' }) => {
    const entries: SanitizableRequestLogEntry[] = [];
    try {
      for (let index = 0; index < command.regions.length / REGION_INTS; index += 1) {
        if (command.regions[index * REGION_INTS] < 0) {
          entries.push(command.spilled[command.regions[index * REGION_INTS + 1]]);
          continue;
        }
        const { fields, request, response } = readRegion(ring, command.regions, index);
        entries.push({ ...decodeEntryFields(fields), request_body: request, response_body: response });
      }
      writer.write(entries);
      control.counters[COUNTER.written] += entries.length;
      control.counters[COUNTER.batches] += 1;
    } catch (error) {
      const count = command.regions.length / REGION_INTS;
      control.counters[COUNTER.lost] += count;
      if (!writeFailureReported) {
        writeFailureReported = true;
        send({ kind: 'warn', message: `Request log write failed, ${count} entries lost (${errorMessage(error)})` });
      }
    }
    // The entries are in SQLite (or lost): their ring space is free again.
    EntryRing.publishTail(control.int32, CONTROL.ringTail, command.releaseTo);
  };

  /** One slice of the backfill per turn of the loop, so commands are served in between. */
  const scheduleBackfill = () => {
    if (backfillTimer !== null) return;
    backfillTimer = setImmediate(() => {
      backfillTimer = null;
      let more = false;
      try {
        more = writer.backfillStep();
      } catch (error) {
        send({ kind: 'warn', message: `Statistics backfill from the request log failed (${errorMessage(error)}); older requests are missing from the statistics` });
      }
      Atomics.add(control.int32, CONTROL.progress, 1);
      if (more) scheduleBackfill();
      else Atomics.store(control.int32, CONTROL.backfilling, 0);
    });
  };

  const stopBackfillWhenDone = () => {
    let pending = false;
    attempt('Statistics backfill check', () => {
      pending = writer.backfillPending();
    });
    if (pending) return;
    if (backfillTimer !== null) clearImmediate(backfillTimer);
    backfillTimer = null;
    Atomics.store(control.int32, CONTROL.backfilling, 0);
  };

  port.on('message', (command: WriterCommand) => {
    switch (command.kind) {
      case 'write':
        write(command);
        finish(command.seq);
        send({ kind: 'written', seq: command.seq });
        return;
      case 'clear':
        attempt('Request log clear', () => writer.clear());
        stopBackfillWhenDone();
        return finish(command.seq);
      case 'clear-stats':
        attempt('Statistics clear', () => writer.clearStats());
        stopBackfillWhenDone();
        return finish(command.seq);
      case 'sweep':
        attempt('Request log retention sweep', () => writer.deleteExpired(command.logCutoff, command.statsCutoffHour));
        return finish(command.seq);
      case 'close':
        if (backfillTimer !== null) clearImmediate(backfillTimer);
        backfillTimer = null;
        attempt('Request log close', () => database?.close());
        database = null;
        setState(WRITER_STATE.closed);
        finish(command.seq);
        port.close();
        return;
    }
  });

  if (Atomics.load(control.int32, CONTROL.backfilling) === 1) {
    stopBackfillWhenDone();
    if (Atomics.load(control.int32, CONTROL.backfilling) === 1) scheduleBackfill();
  }
}

/**
 * The writer thread's nice value on Linux (the gateway's threads run at 0). A thread that sleeps between batches
 * wakes with a scheduling credit and takes the CPU from the event loop that just sent it a batch; at a slightly lower
 * priority it waits for its turn instead, and still gets enough of the CPU to keep up with a saturated gateway
 * (measured: at 5 the log is never more than a batch behind; at 10 and above it falls behind under load).
 */
const WRITER_NICE = 5;

/** `threadId`: this thread's own OS id (setpriority() on a thread id changes that thread only); 0 when unknown. */
function lowerThreadPriority(threadId: number): void {
  if (threadId <= 0) return;
  try {
    os.setPriority(threadId, WRITER_NICE);
  } catch {
    // Not allowed: the thread runs at the gateway's priority.
  }
}

if (parentPort === null) throw new Error('request-log-writer.worker runs as a worker thread');
lowerThreadPriority(announceWriterThread(viewControlMemory((workerData as WriterData).control)));
serve(parentPort, workerData as WriterData);
