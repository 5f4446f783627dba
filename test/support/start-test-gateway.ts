import { PassThrough } from 'node:stream';
import { addAccountWithRefreshToken } from '../../src/accounts/add-google-account.js';
import { createGateway, createGoogleClients, type Gateway } from '../../src/app.js';
import type { ConfigFlags } from '../../src/config/index.js';
import { updateGuiConfigProxy } from '../../src/config/gui-config-file.js';
import { createLogger } from '../../src/observability/index.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { makeDataDir, removeDirectory, waitFor } from './e2e-helpers.js';

export interface TestGateway {
  gateway: Gateway;
  simulator: GoogleSimulator;
  baseUrl: string;
  dataDir: string;
  emails: string[];
  apiKey: string;
  /** Every log line the gateway wrote, parsed. */
  logs: () => Array<Record<string, unknown>>;
  /** Stops the gateway (and its own simulator) and removes the data directory, unless `keepDataDir` (to restart on it). */
  close(options?: { keepDataDir?: boolean }): Promise<void>;
}

export interface TestGatewayOptions {
  accounts?: number;
  flags?: ConfigFlags;
  env?: Record<string, string>;
  simulator?: GoogleSimulator;
  apiKey?: string;
  /**
   * Where the gateway reads the API key: its `--api-key` flag (default), or `gui_config.json` as a user who never
   * passes one (the key the dashboard can regenerate).
   */
  apiKeyIn?: 'flag' | 'file';
  watchAccounts?: boolean;
  dashboardDir?: string | null;
  sseKeepAliveMs?: number;
  /** Wait until every eligible account's model catalogue and quota are loaded (default true), as after a gateway's start-up. */
  waitForCatalogues?: boolean;
}

/**
 * A real gateway (in this process, listening on a free port) over a real simulator and a real data
 * directory with `accounts` accounts added the way `agt accounts add` does.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const simulator = options.simulator ?? (await startGoogleSimulator());
  const dataDir = await makeDataDir();
  const apiKey = options.apiKey ?? 'sk-test-key-0123456789';
  const env = { AGT_GOOGLE_BASE_URL: simulator.url, ...options.env };
  const emails: string[] = [];
  const { AccountStore } = await import('../../src/accounts/index.js');
  const store = new AccountStore({ dataDir });
  await store.init();
  const clients = createGoogleClients(env, null);
  for (let index = 0; index < (options.accounts ?? 3); index++) {
    const email = `user${index + 1}@example.com`;
    const { refreshToken } = simulator.state.createAccount({ email, name: `User ${index + 1}` });
    await addAccountWithRefreshToken({ store, oauth: clients.oauth, codeAssist: clients.codeAssist }, refreshToken);
    emails.push(email);
  }
  await clients.dispatcher.close();

  const lines: string[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const logger = createLogger({ level: 'info', destination: sink });
  if (options.apiKeyIn === 'file') await updateGuiConfigProxy(dataDir, { api_key: apiKey });
  const gateway = await createGateway({
    dataDir,
    env,
    logger,
    flags: { port: 0, authMode: 'strict', ...(options.apiKeyIn === 'file' ? {} : { apiKey }), ...options.flags },
    watchAccounts: options.watchAccounts ?? false,
    dashboardDir: options.dashboardDir ?? null,
    sseKeepAliveMs: options.sseKeepAliveMs,
  });
  const baseUrl = await gateway.listen();
  if (options.waitForCatalogues !== false) {
    // The start-up round fetches each account's catalogue and writes its quota; tests begin once it is done.
    await waitFor(
      () => gateway.pool.eligibleAccountIds().every((id) => gateway.catalogues.get(id) !== undefined && gateway.pool.runtimeState(id)?.quotaCheckedMs != null),
      { what: 'the model catalogues and quota of every account' },
    );
  }
  return {
    gateway,
    simulator,
    baseUrl,
    dataDir,
    emails,
    apiKey,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async close(closeOptions = {}) {
      await gateway.close();
      if (!options.simulator) await simulator.close();
      if (closeOptions.keepDataDir !== true) await removeDirectory(dataDir);
    },
  };
}
