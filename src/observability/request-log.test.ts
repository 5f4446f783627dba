import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequestLogEntry, RequestLogEntry } from './request-log-entry.js';
import { RequestLog, type RequestLogOptions } from './request-log.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let directory: string;
let databasePath: string;
const openLogs: RequestLog[] = [];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agt-request-log-'));
  databasePath = path.join(directory, 'data', 'proxy_logs.db');
});

afterEach(() => {
  for (const log of openLogs.splice(0)) log.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function openLog(options: Partial<RequestLogOptions> = {}): RequestLog {
  const log = new RequestLog({ path: databasePath, enabled: true, ...options });
  openLogs.push(log);
  return log;
}

let sequence = 0;
function buildEntry(overrides: Partial<RecordedRequestLogEntry> = {}): RecordedRequestLogEntry {
  sequence += 1;
  return {
    id: `entry-${sequence}`,
    timestamp: Date.now(),
    method: 'POST',
    url: '/v1/chat/completions',
    status: 200,
    duration: 120,
    model: 'gpt-4o',
    mapped_model: 'gemini-2.5-flash',
    account_email: 'alice@example.com',
    protocol: 'openai',
    input_tokens: 10,
    output_tokens: 20,
    cached_tokens: 0,
    error: null,
    request_body: '{"messages":[]}',
    response_body: '{"choices":[]}',
    client_ip: '127.0.0.1',
    username: null,
    ...overrides,
  };
}

/** Reads the file through a second connection, so the assertion does not trust the class under test. */
function countRowsOnDisk(): number {
  const database = new Database(databasePath, { readonly: true });
  try {
    return (database.prepare('SELECT COUNT(*) AS n FROM request_logs').get() as { n: number }).n;
  } finally {
    database.close();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('RequestLog', () => {
  it('creates the original schema with WAL, indexes and a private file', () => {
    openLog();
    const database = new Database(databasePath, { readonly: true });
    const columns = (database.prepare('PRAGMA table_info(request_logs)').all() as { name: string }[]).map((c) => c.name);
    const indexes = (database.prepare('PRAGMA index_list(request_logs)').all() as { name: string }[]).map((i) => i.name);
    const journalMode = database.pragma('journal_mode', { simple: true });
    database.close();
    expect(columns).toEqual([
      'id', 'timestamp', 'method', 'url', 'status', 'duration', 'model', 'error', 'request_body', 'response_body',
      'input_tokens', 'output_tokens', 'cached_tokens', 'account_email', 'mapped_model', 'protocol', 'client_ip',
      'username',
    ]);
    expect(indexes).toEqual(expect.arrayContaining(['idx_timestamp', 'idx_status']));
    expect(journalMode).toBe('wal');
    expect(fs.statSync(databasePath).mode & 0o777).toBe(0o600);
  });

  it('records, then queries newest first with each filter, gets one entry and exports all', async () => {
    const log = openLog();
    const base = Date.now();
    log.record(buildEntry({ id: 'a', timestamp: base - 3000, status: 200, model: 'gpt-4o', protocol: 'openai' }));
    log.record(
      buildEntry({
        id: 'b',
        timestamp: base - 2000,
        status: 429,
        model: 'claude-sonnet-4',
        mapped_model: 'claude-sonnet-4-5',
        protocol: 'anthropic',
        account_email: 'bob@example.com',
        error: 'rate limited',
      }),
    );
    log.record(
      buildEntry({ id: 'c', timestamp: base - 1000, status: 200, model: 'gemini-2.5-pro', mapped_model: null, protocol: 'gemini' }),
    );
    log.record(buildEntry({ id: 'd', timestamp: base, status: 500, model: 'gpt-4o', error: 'upstream 500' }));

    const all = log.query({});
    expect(all.total).toBe(4);
    expect(all.items.map((item) => item.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(all.items[0]).toEqual({
      id: 'd',
      timestamp: base,
      method: 'POST',
      url: '/v1/chat/completions',
      status: 500,
      duration: 120,
      model: 'gpt-4o',
      mapped_model: 'gemini-2.5-flash',
      account_email: 'alice@example.com',
      protocol: 'openai',
      input_tokens: 10,
      output_tokens: 20,
      cached_tokens: 0,
      error: 'upstream 500',
    });

    const ids = (query: Parameters<RequestLog['query']>[0]) => log.query(query).items.map((item) => item.id);
    expect(ids({ status: 200 })).toEqual(['c', 'a']);
    expect(ids({ status: 'errors' })).toEqual(['d', 'b']);
    expect(ids({ errorsOnly: true })).toEqual(['d', 'b']);
    expect(ids({ model: 'GPT' })).toEqual(['d', 'a']);
    expect(ids({ model: 'sonnet-4-5' })).toEqual(['b']);
    expect(ids({ model: '%' })).toEqual([]);
    expect(ids({ account: 'bob@' })).toEqual(['b']);
    expect(ids({ protocol: 'gemini' })).toEqual(['c']);
    expect(ids({ protocol: 'openai', status: 500 })).toEqual(['d']);
    expect(ids({ limit: 2 })).toEqual(['d', 'c']);
    expect(ids({ limit: 2, offset: 2 })).toEqual(['b', 'a']);
    expect(log.query({ limit: 1, model: 'gpt' }).total).toBe(2);

    const full = log.get('b');
    expect(full).toMatchObject({ id: 'b', request_body: '{"messages":[]}', client_ip: '127.0.0.1', username: null });
    expect(log.get('missing')).toBeNull();

    const lines = [...log.exportJsonLines()];
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    const exported = lines.map((line) => JSON.parse(line) as RequestLogEntry);
    expect(exported.map((entry) => entry.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(exported[2]).toEqual(full);
  });

  it('makes a just-recorded entry visible to reads and lands on disk only after a flush', () => {
    const log = openLog({ flushIntervalMs: 60_000 });
    log.record(buildEntry({ id: 'fresh' }));
    expect(countRowsOnDisk()).toBe(0);
    expect(log.stats().queued).toBe(1);
    expect(log.query({}).items.map((item) => item.id)).toEqual(['fresh']);
    expect(countRowsOnDisk()).toBe(1);
  });

  it('writes 1,000 records in two transactions of 500, without a read or a flush', async () => {
    const log = openLog({ flushIntervalMs: 20 });
    for (let index = 0; index < 1000; index += 1) log.record(buildEntry());
    expect(log.stats().written + log.stats().queued).toBe(1000);
    await waitFor(() => log.stats().written === 1000);
    expect(log.stats().batches).toBe(2);
    expect(countRowsOnDisk()).toBe(1000);
  });

  it('sends what is queued as soon as it reaches batchBytes, before the interval', async () => {
    const log = openLog({ flushIntervalMs: 60_000, batchBytes: 8 * 1024 });
    const body = 'z'.repeat(3 * 1024);
    log.record(buildEntry({ id: 'small-1', request_body: body }));
    log.record(buildEntry({ id: 'small-2', request_body: body }));
    // 6 KiB of bodies: below the threshold, nothing is sent before the interval.
    expect(log.stats()).toMatchObject({ written: 0, batches: 0, queued: 2 });
    log.record(buildEntry({ id: 'small-3', request_body: body }));
    await waitFor(() => log.stats().written === 3);
    expect(log.stats().batches).toBe(1);
    expect(countRowsOnDisk()).toBe(3);
  });

  it('splits a backlog of large bodies into several batches', () => {
    const log = openLog({ flushIntervalMs: 60_000, maxBodyBytes: 4 * 1024 * 1024 });
    const body = 'y'.repeat(3 * 1024 * 1024);
    for (let index = 0; index < 3; index += 1) log.record(buildEntry({ response_body: body }));
    log.flush();
    expect(log.stats()).toMatchObject({ written: 3, batches: 2 });
  });

  it('exports more than one page in order', () => {
    const log = openLog({ flushIntervalMs: 60_000 });
    const base = Date.now();
    // Equal timestamps across the page boundary exercise the rowid tie-break of the keyset.
    for (let index = 0; index < 1203; index += 1) log.record(buildEntry({ id: `e${index}`, timestamp: base + Math.floor(index / 7) }));
    const ids = [...log.exportJsonLines()].map((line) => (JSON.parse(line) as RequestLogEntry).id);
    expect(ids).toHaveLength(1203);
    expect(new Set(ids).size).toBe(1203);
    expect(ids[0]).toBe('e1202');
    expect(ids[1202]).toBe('e0');
  });

  it('deletes rows past the retention at open and when the retention changes', () => {
    const now = Date.now();
    const first = openLog();
    first.record(buildEntry({ id: 'old', timestamp: now - 31 * DAY_MS }));
    first.record(buildEntry({ id: 'middle', timestamp: now - 10 * DAY_MS }));
    first.record(buildEntry({ id: 'new', timestamp: now - 1000 }));
    first.close();
    expect(countRowsOnDisk()).toBe(3);

    const reopened = openLog();
    expect(reopened.query({}).items.map((item) => item.id)).toEqual(['new', 'middle']);
    reopened.setRetentionDays(7);
    expect(reopened.query({}).items.map((item) => item.id)).toEqual(['new']);
  });

  it('uses the injected clock for retention', () => {
    const now = Date.UTC(2030, 0, 31);
    const first = openLog({ clock: { now: () => now } });
    first.record(buildEntry({ id: 'recent', timestamp: Date.UTC(2030, 0, 30) }));
    first.record(buildEntry({ id: 'january-first', timestamp: Date.UTC(2030, 0, 1) - 1 }));
    first.close();
    const reopened = openLog({ clock: { now: () => now } });
    expect(reopened.query({}).items.map((item) => item.id)).toEqual(['recent']);
  });

  it('records nothing while disabled and resumes when enabled', () => {
    const log = openLog({ enabled: false });
    const seen: string[] = [];
    log.onEntry((summary) => seen.push(summary.id));
    log.record(buildEntry({ id: 'ignored' }));
    log.flush();
    expect(countRowsOnDisk()).toBe(0);
    expect(seen).toEqual([]);
    log.setEnabled(true);
    log.record(buildEntry({ id: 'kept' }));
    log.flush();
    expect(countRowsOnDisk()).toBe(1);
    expect(seen).toEqual(['kept']);
    log.setEnabled(false);
    log.record(buildEntry({ id: 'ignored-again' }));
    expect(log.query({}).items.map((item) => item.id)).toEqual(['kept']);
  });

  it('redacts secrets and caps bodies before they are stored', () => {
    const log = openLog({ maxBodyBytes: 100 });
    const secretBody = JSON.stringify({ refresh_token: 'sim-rt-abcdef123', note: 'Bearer ya29.secret-access' });
    const longBody = `${'é'.repeat(80)}${'x'.repeat(200)}`;
    log.record(
      buildEntry({
        id: 'secret',
        url: '/v1beta/models/gemini-2.5-flash:generateContent?alt=sse&key=AIzaSyFakeKey123',
        error: 'upstream said: invalid token ya29.a0AfB_secret',
        request_body: secretBody,
        response_body: longBody,
      }),
    );
    const stored = log.get('secret');
    expect(stored?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent?alt=sse&key=***');
    expect(stored?.error).toBe('upstream said: invalid token ***');
    expect(stored?.request_body).not.toContain('sim-rt-abcdef123');
    expect(stored?.request_body).not.toContain('ya29.');
    const originalBytes = Buffer.byteLength(longBody);
    const match = /^(.*)…\[truncated (\d+) bytes\]$/su.exec(stored?.response_body ?? '');
    expect(match).not.toBeNull();
    const kept = match?.[1] ?? '';
    expect(Buffer.byteLength(kept)).toBe(100);
    expect(kept).toBe('é'.repeat(50));
    expect(Number(match?.[2])).toBe(originalBytes - 100);

    const fileText = fs.readFileSync(databasePath).toString('latin1') + readIfExists(`${databasePath}-wal`);
    expect(fileText).not.toContain('AIzaSyFakeKey123');
    expect(fileText).not.toContain('sim-rt-abcdef123');
  });

  it('decodes, redacts and caps a body recorded as the bytes received, when it writes the batch', () => {
    const log = openLog({ maxBodyBytes: 100 });
    const text = JSON.stringify({ refresh_token: 'sim-rt-abcdef123', note: 'Bearer ya29.secret — 日本' });
    log.record(buildEntry({ id: 'bytes', request_body: Buffer.from(text) }));
    const stored = log.get('bytes');
    expect(stored?.request_body).toBe(text.replace('sim-rt-abcdef123', '***').replace('ya29.secret', '***'));
    const long = Buffer.from(`${'日'.repeat(40)}${'x'.repeat(200)}`);
    log.record(buildEntry({ id: 'long-bytes', request_body: long }));
    expect(log.get('long-bytes')?.request_body).toBe(`${'日'.repeat(33)}…[truncated ${long.length - 99} bytes]`);
  });

  it('redacts and caps a response recorded as UTF-8 byte pieces, a secret split across two of them included', () => {
    const log = openLog({ maxBodyBytes: 100 });
    const pieces = [Buffer.from('data: {"text":"“hi”","access_tok'), Buffer.from('en":"ya29.split-secret"}\n\n'), 'data: [DONE]\n\n'];
    log.record(buildEntry({ id: 'byte-pieces', response_body: pieces }));
    expect(log.get('byte-pieces')?.response_body).toBe('data: {"text":"“hi”","access_token":"***"}\n\ndata: [DONE]\n\n');
    const long = [Buffer.from('日'.repeat(30)), Buffer.from('x'.repeat(200))];
    log.record(buildEntry({ id: 'long-pieces', response_body: long }));
    expect(log.get('long-pieces')?.response_body).toBe(`${'日'.repeat(30)}${'x'.repeat(10)}…[truncated 190 bytes]`);
  });

  it('stores a response recorded as byte pieces when the entry is too large for the ring', () => {
    const log = openLog({ ringBytes: 64 * 1024, maxBodyBytes: 64 * 1024 });
    const pieces = [Buffer.from(`data: ${'é'.repeat(5000)}`), Buffer.from(` sk-${'a'.repeat(20)}\n\n`)];
    log.record(buildEntry({ id: 'spilled-pieces', response_body: pieces }));
    expect(log.get('spilled-pieces')?.response_body).toBe(`data: ${'é'.repeat(5000)} ***\n\n`);
  });

  it('redacts a secret that completes where a body stops repeating an earlier, clean one', () => {
    const log = openLog({ flushIntervalMs: 60_000 });
    const tools = JSON.stringify(Array.from({ length: 300 }, (_, index) => ({ name: `tool_${index}`, description: 'reads a file' })));
    const shared = `{"tools":${tools},"messages":[{"role":"user","content":"my password`;
    log.record(buildEntry({ id: 'clean', request_body: Buffer.from(`${shared} is not here"}]}`) }));
    log.flush();
    log.record(buildEntry({ id: 'secret', request_body: Buffer.from(`${shared}${' '.repeat(80)}= hunter2-value and sk-abcdefgh12345678"}]}`) }));
    const stored = log.get('secret')?.request_body ?? '';
    expect(stored).toContain('my password');
    expect(stored).not.toContain('hunter2');
    expect(stored).not.toContain('sk-abcdefgh');
    expect(log.get('clean')?.request_body).toBe(`${shared} is not here"}]}`);
  });

  it('drops the oldest queued entries when the queue is full and counts them', () => {
    const log = openLog({ maxQueue: 5, flushIntervalMs: 60_000 });
    const base = Date.now();
    for (let index = 0; index < 8; index += 1) log.record(buildEntry({ id: `q${index}`, timestamp: base + index }));
    expect(log.stats()).toMatchObject({ dropped: 3, queued: 5, written: 0 });
    expect(log.query({}).items.map((item) => item.id)).toEqual(['q7', 'q6', 'q5', 'q4', 'q3']);
    expect(log.stats()).toMatchObject({ dropped: 3, queued: 0, written: 5 });
  });

  it('sends redacted summaries without bodies to live listeners until unsubscribed', () => {
    const log = openLog();
    const seen: unknown[] = [];
    const unsubscribe = log.onEntry((summary) => seen.push(summary));
    log.onEntry(() => {
      throw new Error('broken listener');
    });
    log.record(buildEntry({ id: 'live', url: '/v1beta/models/x:generateContent?key=AIzaSecret' }));
    unsubscribe();
    log.record(buildEntry({ id: 'after' }));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: 'live', url: '/v1beta/models/x:generateContent?key=***' });
    expect(seen[0]).not.toHaveProperty('request_body');
    expect(seen[0]).not.toHaveProperty('client_ip');
  });

  it('warns once and runs disabled when the path is a directory', () => {
    fs.mkdirSync(databasePath, { recursive: true });
    const warnings: string[] = [];
    const log = openLog({ logger: { warn: (_fields, message) => warnings.push(message) } });
    expect(() => log.record(buildEntry())).not.toThrow();
    log.flush();
    expect(log.query({})).toEqual({ total: 0, items: [] });
    expect(log.get('anything')).toBeNull();
    expect([...log.exportJsonLines()]).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Request log disabled');
    expect(warnings[0]).toContain(databasePath);
    expect(log.stats()).toMatchObject({ written: 0, dropped: 1, unavailable: expect.stringContaining(databasePath) });
  });

  it('keeps taking records, warns and says it is unavailable when its writer thread cannot start', () => {
    const warnings: string[] = [];
    const log = openLog({ writerModule: 'observability/no-such-writer', logger: { warn: (_fields, message) => warnings.push(message) } });
    expect(log.stats().unavailable).toBeNull();
    for (let index = 0; index < 3; index += 1) expect(() => log.record(buildEntry())).not.toThrow();
    // The thread starts with the first batch: it cannot, and the entries waiting for it are counted as lost.
    expect(log.query({})).toEqual({ total: 0, items: [] });
    expect(() => log.record(buildEntry())).not.toThrow();
    expect(warnings).toEqual([expect.stringContaining('Request log disabled: its writer thread cannot start')]);
    expect(log.stats()).toMatchObject({ written: 0, dropped: 4, queued: 0, unavailable: expect.stringContaining('writer thread cannot start') });
    // What was written before stays readable.
    expect(log.get('nothing')).toBeNull();
  });

  it('drops and counts entries when the entry ring is full, without waiting for the writer', () => {
    const log = openLog({ ringBytes: 64 * 1024, flushIntervalMs: 60_000 });
    // Each entry takes about 6 KiB of the 64 KiB ring (the writer frees it only once the entry is written).
    const body = Buffer.from(`{"text":"${'x'.repeat(6000)}"}`);
    for (let index = 0; index < 20; index += 1) log.record(buildEntry({ id: `ring-${index}`, request_body: body, response_body: null }));
    const { dropped, queued } = log.stats();
    expect(dropped).toBeGreaterThan(0);
    expect(dropped + queued).toBe(20);
    // The entries that fitted are the first ones, and they are written whole.
    const ids = log.query({ limit: 100 }).items.map((item) => item.id).reverse();
    expect(ids).toEqual(Array.from({ length: queued }, (_, index) => `ring-${index}`));
    expect(log.get('ring-0')?.request_body).toBe(body.toString());
    expect(log.stats()).toMatchObject({ written: queued, dropped, queued: 0 });
    // Written, the ring has room again.
    log.record(buildEntry({ id: 'after-drain', request_body: body }));
    expect(log.get('after-drain')?.request_body).toBe(body.toString());
  });

  it('starts a new writer thread when one dies and accounts for every entry: written or counted as dropped', async () => {
    const warnings: string[] = [];
    const log = openLog({ flushIntervalMs: 0, logger: { warn: (_fields, message) => warnings.push(message) } });
    log.record(buildEntry({ id: 'before-crash' }));
    log.flush();
    // Recorded and sent to the thread (flush interval 0), then the thread is killed as a crash would end it.
    for (let index = 0; index < 5; index += 1) log.record(buildEntry({ id: `in-flight-${index}` }));
    await new Promise((resolve) => setImmediate(resolve));
    await (log as unknown as { writer: { stopAbruptly(): Promise<void> } }).writer.stopAbruptly();
    await waitFor(() => warnings.some((message) => message.includes('stopped unexpectedly')));
    log.record(buildEntry({ id: 'after-crash' }));
    const ids = log.query({ limit: 100 }).items.map((item) => item.id);
    expect(ids).toContain('before-crash');
    expect(ids).toContain('after-crash');
    const stats = log.stats();
    expect(stats.written + stats.dropped).toBe(7);
    expect(stats.written).toBe(ids.length);
    expect(stats.unavailable).toBeNull();
  });

  it('answers a read at once, with what is written, when the writer thread dies while the read waits for it', () => {
    const warnings: string[] = [];
    const log = openLog({
      flushIntervalMs: 60_000,
      writerModule: 'observability/request-log-writer-crash.test-helper',
      logger: { warn: (_fields, message) => warnings.push(message) },
    });
    log.record(buildEntry({ id: 'lost-1' }));
    log.record(buildEntry({ id: 'lost-2' }));
    // The read sends the batch and waits; the thread dies on it. No event loop turn happens in between.
    expect(log.query({})).toEqual({ total: 0, items: [] });
    expect(warnings).toEqual(['Request log writer stopped unexpectedly; starting a new one (entries it had not written are lost)']);
    expect(log.stats()).toMatchObject({ written: 0, dropped: 2, queued: 0, unavailable: null });
  });

  it('warns and runs disabled when the file is not a database', () => {
    fs.mkdirSync(path.dirname(databasePath), { recursive: true });
    fs.writeFileSync(databasePath, 'this is not sqlite, just some text that is long enough to be a header '.repeat(20));
    const warnings: string[] = [];
    const log = openLog({ logger: { warn: (_fields, message) => warnings.push(message) } });
    log.record(buildEntry());
    expect(log.query({}).total).toBe(0);
    expect(warnings).toHaveLength(1);
  });

  it('adds the columns an older database lacks', () => {
    fs.mkdirSync(path.dirname(databasePath), { recursive: true });
    const old = new Database(databasePath);
    old.exec(
      'CREATE TABLE request_logs (id TEXT PRIMARY KEY, timestamp INTEGER, method TEXT, url TEXT, status INTEGER, duration INTEGER, model TEXT, error TEXT)',
    );
    old.prepare('INSERT INTO request_logs VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('legacy', Date.now(), 'POST', '/v1/messages', 200, 5, 'm', null);
    old.close();
    const log = openLog();
    log.record(buildEntry({ id: 'modern', username: 'team-a' }));
    expect(log.query({}).items.map((item) => item.id)).toEqual(['modern', 'legacy']);
    expect(log.get('modern')?.username).toBe('team-a');
    expect(log.get('legacy')?.protocol).toBeNull();
  });

  it('flushes on close and ignores records afterwards', () => {
    const log = openLog({ flushIntervalMs: 60_000 });
    log.record(buildEntry());
    log.close();
    expect(countRowsOnDisk()).toBe(1);
    expect(() => log.record(buildEntry())).not.toThrow();
    expect(countRowsOnDisk()).toBe(1);
  });

  it('clears stored and queued entries', () => {
    const log = openLog({ flushIntervalMs: 60_000 });
    log.record(buildEntry());
    log.flush();
    log.record(buildEntry());
    log.clear();
    expect(log.query({}).total).toBe(0);
    expect(countRowsOnDisk()).toBe(0);
  });
});

function readIfExists(filePath: string): string {
  return fs.existsSync(filePath) ? fs.readFileSync(filePath).toString('latin1') : '';
}
