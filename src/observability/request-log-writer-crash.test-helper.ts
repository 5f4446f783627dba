/**
 * Test-only stand-in for the request log's writer thread (request-log-writer.worker.ts) that dies as a bug would
 * end it: it says which OS thread it is and finishes every command but `write`, on which it throws (uncaught), so the
 * thread ends while the main thread may be blocked waiting for that batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  announceWriterThread,
  CONTROL,
  viewControlMemory,
  WRITER_STATE,
  type WriterCommand,
  type WriterData,
} from './request-log-writer-protocol.js';

if (parentPort === null) throw new Error('request-log-writer-crash.test-helper runs as a worker thread');
const port = parentPort;
const control = viewControlMemory((workerData as WriterData).control);
announceWriterThread(control);
Atomics.store(control.int32, CONTROL.state, WRITER_STATE.ready);
port.postMessage({ kind: 'ready' });
port.on('message', (command: WriterCommand) => {
  if (command.kind === 'write') throw new Error('simulated writer crash');
  Atomics.add(control.int32, CONTROL.progress, 1);
  Atomics.store(control.int32, CONTROL.done, command.seq);
  Atomics.notify(control.int32, CONTROL.done);
  if (command.kind === 'close') port.close();
});
