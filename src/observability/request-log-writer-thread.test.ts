import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRegion, REGION_INTS } from './entry-ring.js';
import { openRequestLogDatabase } from './open-request-log-database.js';
import { encodeEntryFields } from './request-log-writer-protocol.js';
import { RequestLogWriterThread, type RequestLogWriterThreadOptions } from './request-log-writer-thread.js';
import { createRequestStatsTables } from './request-stats-rollup.js';

let directory: string;
let databasePath: string;
const threads: RequestLogWriterThread[] = [];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agt-writer-thread-'));
  databasePath = path.join(directory, 'proxy_logs.db');
  const database = openRequestLogDatabase(databasePath);
  createRequestStatsTables(database);
  database.close();
});

afterEach(() => {
  for (const thread of threads.splice(0)) thread.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function startThread(options: Partial<RequestLogWriterThreadOptions> = {}) {
  const warnings: string[] = [];
  let failed = 0;
  const thread = new RequestLogWriterThread({
    path: databasePath,
    maxBodyBytes: 64 * 1024,
    backfilling: false,
    warn: (message) => warnings.push(message),
    onBatchDone: () => undefined,
    onFailed: () => {
      failed += 1;
    },
    oldestQueuedRingPosition: () => null,
    ...options,
  });
  threads.push(thread);
  return { thread, warnings, failures: () => failed };
}

let sequence = 0;
/** Stores `count` entries in the thread's ring and sends them as one batch. */
function writeEntries(thread: RequestLogWriterThread, count: number, body = '{"q":"hello"}'): string[] {
  const regions = new Int32Array(count * REGION_INTS);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    sequence += 1;
    const id = `thread-entry-${sequence}`;
    ids.push(id);
    const fields = encodeEntryFields(
      {
        id, method: 'POST', url: '/v1/messages', status: 200, duration: 3, model: 'm', mapped_model: 'g', account_email: 'a@example.com',
        protocol: 'anthropic', input_tokens: 1, output_tokens: 2, cached_tokens: 0, error: null, client_ip: '127.0.0.1', username: null,
      },
      Date.now(),
      undefined,
    );
    const region = thread.ring.store(fields, Buffer.from(body), ['event: done\n\n'], 200_000);
    if (typeof region === 'string') throw new Error(`ring refused the entry: ${region}`);
    encodeRegion(regions, index, region);
  }
  thread.write(regions, [], [], thread.ring.position);
  return ids;
}

function storedIds(): string[] {
  const database = new Database(databasePath, { readonly: true });
  try {
    return (database.prepare('SELECT id FROM request_logs ORDER BY rowid').all() as { id: string }[]).map((row) => row.id);
  } finally {
    database.close();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('RequestLogWriterThread', () => {
  it('writes a batch from the ring, frees the ring space and counts it', () => {
    const { thread } = startThread();
    const ids = writeEntries(thread, 3, '{"refresh_token":"1//0abcdefghijkl"}');
    thread.sync();
    expect(storedIds()).toEqual(ids);
    expect(thread.counters()).toEqual({ written: 3, batches: 1, lost: 0 });
    expect(thread.ring.used).toBe(0);
    expect(thread.pendingEntries).toBe(0);
    const database = new Database(databasePath, { readonly: true });
    const body = (database.prepare('SELECT request_body FROM request_logs WHERE id = ?').get(ids[0]) as { request_body: string }).request_body;
    database.close();
    expect(body).toBe('{"refresh_token":"***"}');
  });

  it('starts a new thread after one dies, counts what the dead one held as lost, and keeps writing', async () => {
    const { thread, warnings, failures } = startThread();
    writeEntries(thread, 1);
    thread.sync();
    // Sent and not waited for: the thread may or may not have written them when it dies.
    writeEntries(thread, 5);
    await thread.stopAbruptly();
    await waitFor(() => warnings.some((message) => message.includes('stopped unexpectedly')));
    const { written, lost } = thread.counters();
    expect(written + lost).toBe(6);
    expect(storedIds()).toHaveLength(written);
    const later = writeEntries(thread, 2);
    thread.sync();
    expect(storedIds().slice(-2)).toEqual(later);
    expect(thread.counters().written).toBe(written + 2);
    expect(thread.pendingEntries).toBe(0);
    expect(failures()).toBe(0);
    expect(thread.usable).toBe(true);
  });

  it('stops waiting for a thread that died while it waited, before Node reports the exit, and counts its batch as lost', () => {
    // Without seeing the OS thread gone, the wait would end only at the stall timeout, with its warning.
    const { thread, warnings, failures } = startThread({ workerModule: 'observability/request-log-writer-crash.test-helper', stallTimeoutMs: 20_000 });
    // A command the thread finishes: it has started and said which OS thread it is.
    thread.send({ kind: 'sweep', logCutoff: null, statsCutoffHour: 0 });
    thread.sync();
    // The thread throws on this batch and ends; this test never yields to the event loop, so no exit event can come.
    writeEntries(thread, 2);
    thread.sync();
    expect(warnings).toEqual(['Request log writer stopped unexpectedly; starting a new one (entries it had not written are lost)']);
    expect(thread.counters()).toEqual({ written: 0, batches: 0, lost: 2 });
    expect(thread.pendingEntries).toBe(0);
    expect(thread.ring.used).toBe(0);
    expect(failures()).toBe(0);
    // The new thread serves the next command.
    thread.send({ kind: 'sweep', logCutoff: null, statsCutoffHour: 0 });
    thread.sync();
    expect(warnings).toHaveLength(1);
  });

  it('gives up, visibly, after repeated deaths', async () => {
    const { thread, warnings, failures } = startThread();
    for (let crash = 1; crash <= 4; crash += 1) {
      writeEntries(thread, 1);
      await thread.stopAbruptly();
      await waitFor(() => warnings.filter((message) => message.startsWith('Request log writer stopped')).length === crash);
    }
    expect(warnings.at(-1)).toContain('no longer recorded');
    expect(failures()).toBe(1);
    expect(thread.usable).toBe(false);
    expect(thread.send({ kind: 'clear' })).toBeNull();
  });

  it('warns and gives up instead of throwing when the thread cannot start', () => {
    const { thread, warnings, failures } = startThread({ workerModule: 'observability/no-such-worker' });
    expect(() => writeEntries(thread, 1)).not.toThrow();
    thread.sync();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('writer thread cannot start');
    expect(failures()).toBe(1);
    expect(thread.usable).toBe(false);
    // The batch that could not be sent is counted as lost, not forgotten.
    expect(thread.counters()).toEqual({ written: 0, batches: 0, lost: 1 });
  });
});
