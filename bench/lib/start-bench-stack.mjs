/**
 * The system under test: the simulated Google in one child process, agt in another (its own data directory
 * with `accounts` accounts added the way `agt accounts add` does), and the direct-path credentials: one more
 * simulator account's access token and project, so the bench can make the same upstream call agt makes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { findFreePort, startChildProcess } from './start-child-process.mjs';

export const BENCH_API_KEY = 'sk-bench-0123456789abcdef';

async function postJson(url, body, headers = {}) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`POST ${url} → HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * @param {{ root: string, dist: string, accounts: number, enableLogging: boolean, agtNodeOptions?: string[], agtEnv?: Record<string, string> }} options
 * `root` is the package root (where dist/ lives), `dist` the absolute path of dist/src.
 */
export async function startBenchStack({ root, dist, accounts, enableLogging, agtNodeOptions = [], agtEnv = {} }) {
  const workDir = await mkdtemp(join(tmpdir(), 'agt-bench-'));
  const main = join(root, 'dist', 'src', 'main.js');
  const started = [];
  try {
    const simulatorPort = await findFreePort();
    const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
    const simulator = await startChildProcess({
      name: 'simulator',
      args: [main, 'simulate', '--port', String(simulatorPort)],
      env: {},
      logPath: join(workDir, 'simulator.log'),
      readyUrl: `${simulatorUrl}/_sim/health`,
    });
    started.push(simulator);

    const env = { AGT_GOOGLE_BASE_URL: simulatorUrl };
    const { createGoogleClients } = await import(join(dist, 'app.js'));
    const { AccountStore } = await import(join(dist, 'accounts/index.js'));
    const { addAccountWithRefreshToken } = await import(join(dist, 'accounts/add-google-account.js'));
    const clients = createGoogleClients(env, null);

    const dataDir = join(workDir, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      join(dataDir, 'gui_config.json'),
      JSON.stringify({ proxy: { api_key: BENCH_API_KEY, auth_mode: 'off', enable_logging: enableLogging } }, null, 2),
    );
    const store = new AccountStore({ dataDir });
    await store.init();
    for (let index = 0; index < accounts; index += 1) {
      const created = await postJson(`${simulatorUrl}/_sim/accounts`, { email: `bench${index + 1}@example.com` });
      await addAccountWithRefreshToken({ store, oauth: clients.oauth, codeAssist: clients.codeAssist }, created.refresh_token);
    }

    // The direct path uses its own simulator account, so agt's tokens are never touched by the bench.
    const direct = await postJson(`${simulatorUrl}/_sim/accounts`, { email: 'direct@example.com' });
    const directTokens = await clients.oauth.refresh(direct.refresh_token);
    await clients.dispatcher.close();

    const agtPort = await findFreePort();
    const agtUrl = `http://127.0.0.1:${agtPort}`;
    const agt = await startChildProcess({
      name: 'agt',
      args: [main, '--data-dir', dataDir, 'serve', '--port', String(agtPort)],
      env: { ...env, ABV_AUTH_MODE: 'off', ...agtEnv },
      logPath: join(workDir, 'agt.log'),
      readyUrl: `${agtUrl}/healthz`,
      nodeOptions: agtNodeOptions,
    });
    started.push(agt);

    return {
      workDir,
      dataDir,
      simulatorUrl,
      agtUrl,
      simulator,
      agt,
      direct: { accessToken: directTokens.access_token, projectId: direct.project_id },
      async stop() {
        for (const child of [...started].reverse()) await child.stop();
      },
    };
  } catch (error) {
    for (const child of [...started].reverse()) await child.stop().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/** Turns agt's request log on or off at runtime through the admin settings API (the admin secret is the API key). */
export async function setRequestLogging(agtUrl, enabled) {
  const response = await request(`${agtUrl}/api/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
    body: JSON.stringify({ enable_logging: enabled }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`PUT /api/settings → HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  const settings = JSON.parse(text);
  if (settings.enable_logging !== enabled) throw new Error(`agt did not apply enable_logging=${enabled}`);
}

/** Rows in agt's request log (the admin log API flushes the queue first). */
export async function countRequestLogRows(agtUrl) {
  const response = await request(`${agtUrl}/api/logs?limit=1`, { headers: { authorization: `Bearer ${BENCH_API_KEY}` } });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET /api/logs → HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text).total;
}
