import { cp, mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { makeDataDir, removeDirectory, REPO_ROOT, runAgt, startAgtServer, type ServerProcess } from '../support/e2e-helpers.js';

/**
 * The request log's writer thread in the built gateway (`node dist/src/main.js serve`, whose code runs from the
 * bundle while the thread runs `dist/src/observability/request-log-writer.worker.js`): rows reach the database
 * redacted, a request answered just before SIGTERM is written before the process exits, and a gateway whose writer
 * thread cannot start keeps serving and says so.
 */
describe('request log writer thread (built gateway)', () => {
  const apiKey = 'sk-agt-e2e-writer-0123456789';
  let simulator: GoogleSimulator;
  let env: Record<string, string>;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    env = { AGT_GOOGLE_BASE_URL: simulator.url, ABV_API_KEY: apiKey };
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await simulator?.close();
  });

  async function dataDirWithAccount(email: string): Promise<string> {
    const dataDir = await makeDataDir();
    cleanups.push(() => removeDirectory(dataDir));
    const { refreshToken } = simulator.state.createAccount({ email });
    const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', refreshToken], env);
    expect(added.code, added.stderr).toBe(0);
    return dataDir;
  }

  async function chat(server: ServerProcess, content: string): Promise<number> {
    const response = await fetch(`${server.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content }] }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  function readRows(dataDir: string): { rows: { request_body: string; status: number }[]; statsRequests: number } {
    const database = new Database(join(dataDir, 'proxy_logs.db'), { readonly: true });
    try {
      const rows = database.prepare('SELECT request_body, status FROM request_logs ORDER BY timestamp').all() as { request_body: string; status: number }[];
      const stats = database.prepare('SELECT COALESCE(SUM(requests), 0) AS n FROM request_stats_hourly').get() as { n: number };
      return { rows, statsRequests: stats.n };
    } finally {
      database.close();
    }
  }

  it('writes redacted rows and their statistics, and a request answered just before SIGTERM is in the database after exit', async () => {
    const dataDir = await dataDirWithAccount('writer@example.com');
    const server = await startAgtServer(dataDir, env);
    cleanups.push(() => server.stop());
    const secrets = Array.from({ length: 4 }, (_, index) => `sk-live${index}abcdefghijklmnop`);
    // Four at once, then SIGTERM as soon as the last answer is in: the 1 s batch timer has not fired yet.
    const statuses = await Promise.all(secrets.map((secret, index) => chat(server, `turn ${index}: my key is ${secret}`)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    await server.stop();
    expect(server.child.exitCode).toBe(0);

    const { rows, statsRequests } = readRows(dataDir);
    expect(rows).toHaveLength(4);
    expect(statsRequests).toBe(4);
    for (const row of rows) {
      expect(row.status).toBe(200);
      expect(row.request_body).toMatch(/turn \d: my key is \*\*\*/);
      for (const secret of secrets) expect(row.request_body).not.toContain(secret);
    }
    expect(server.output()).not.toMatch(/Request log (disabled|writer)/);
  });

  it('stores each answer as the client received it, streamed or not, non-Latin-1 text included and secrets masked', async () => {
    const dataDir = await dataDirWithAccount('answers@example.com');
    const server = await startAgtServer(dataDir, env);
    cleanups.push(() => server.stop());
    const secret = 'sk-live-abcdefghijklmnop';
    const received: string[] = [];
    for (const stream of [true, false]) {
      const response = await fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash', stream, messages: [{ role: 'user', content: `naïve “quotes” — 日本, key ${secret}` }] }),
      });
      expect(response.status).toBe(200);
      received.push(await response.text());
    }
    await server.stop();
    const database = new Database(join(dataDir, 'proxy_logs.db'), { readonly: true });
    const stored = (database.prepare('SELECT response_body FROM request_logs ORDER BY rowid').all() as { response_body: string }[]).map((row) => row.response_body);
    database.close();
    expect(received.every((text) => text.includes('日本') && text.includes(secret))).toBe(true);
    expect(stored).toEqual(received.map((text) => text.replaceAll(secret, '***')));
  });

  it('keeps serving, warns and reports the log unavailable when the writer thread cannot start', async () => {
    // A copy of the built package without the writer thread's module, as a broken install would be.
    const packageDir = await mkdtemp(join(tmpdir(), 'agt-broken-package-'));
    cleanups.push(() => rm(packageDir, { recursive: true, force: true }));
    await cp(join(REPO_ROOT, 'package.json'), join(packageDir, 'package.json'));
    await cp(join(REPO_ROOT, 'dist', 'src'), join(packageDir, 'dist', 'src'), { recursive: true });
    await symlink(join(REPO_ROOT, 'node_modules'), join(packageDir, 'node_modules'));
    await unlink(join(packageDir, 'dist', 'src', 'observability', 'request-log-writer.worker.js'));

    const dataDir = await dataDirWithAccount('broken@example.com');
    const server = await startAgtServer(dataDir, env, [], join(packageDir, 'dist', 'src', 'main.js'));
    cleanups.push(() => server.stop());
    expect(await chat(server, 'first')).toBe(200);
    await server.waitForOutput(/Request log disabled: its writer thread cannot start \(No worker module at [^)]*request-log-writer\.worker\.js\)/);
    expect(await chat(server, 'second')).toBe(200);

    const metrics = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${apiKey}` } });
    const text = await metrics.text();
    expect(text).toContain('agt_request_log_available 0');
    expect(text).toMatch(/agt_request_log_dropped_total 2\n/);
    const logs = await fetch(`${server.baseUrl}/api/logs`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(await logs.json()).toEqual({ total: 0, items: [] });
    await server.stop();
    expect(server.child.exitCode).toBe(0);
  });
});
