import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dispatcher } from 'undici';
import type { FastifyInstance } from 'fastify';
import { AccountStore, findLoosePermissions } from './accounts/index.js';
import { bindHostFor, LiveSettings, loadSettings, readFrontDoorSettings, watchGuiConfig, type ConfigFlags, type Environment } from './config/index.js';
import { createGenerateDispatcher } from './dispatch/index.js';
import {
  Agent,
  createCodeAssistClient,
  createGoogleOAuthClient,
  DEFAULT_ANTIGRAVITY_VERSION,
  formatClientVersionRefusal,
  resolveGoogleClientCredentials,
  resolveGoogleEndpoints,
  type CodeAssistClient,
  type GoogleOAuthClient,
  ProxyAgent,
} from './google/index.js';
import { ConfigFaultBoard, createLogger, Metrics, RequestLog, type Logger } from './observability/index.js';
import { AccountPool, ModelCatalogueRefresher, ModelCatalogueStore } from './pool/index.js';
import { createServerApp } from './server/create-server-app.js';
import { findPackageRoot } from './shared/find-package-root.js';

const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export interface GatewayOptions {
  dataDir: string;
  flags?: ConfigFlags;
  env?: Environment;
  logger?: Logger;
  /** Built dashboard directory; defaults to web/dist of the package. */
  dashboardDir?: string | null;
  /** Watch accounts/ for changes by other processes (default true). */
  watchAccounts?: boolean;
  /** Keep-alive interval for silent streaming responses (default 15 s). */
  sseKeepAliveMs?: number;
}

export interface Gateway {
  app: FastifyInstance;
  settings: LiveSettings;
  store: AccountStore;
  pool: AccountPool;
  /** Every account's model catalogue, refreshed in the background. */
  catalogues: ModelCatalogueStore;
  requestLog: RequestLog;
  metrics: Metrics;
  logger: Logger;
  oauth: GoogleOAuthClient;
  codeAssist: CodeAssistClient;
  configFaults: ConfigFaultBoard;
  /** Starts listening on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** `AGT_MODEL_CATALOGUE_REFRESH_SECONDS` in ms; undefined (the default) when unset or not a positive number. */
function readPositiveMs(seconds: string | undefined): number | undefined {
  const value = Number(seconds);
  return seconds !== undefined && Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

function watchAccountsSafely(store: AccountStore, logger: Logger, onChange: (ids: Set<string>) => void): () => void {
  try {
    // Started before the pool's load, which is its first snapshot: a file changed after the load read it is reported.
    return store.watch(onChange, { fromNextLoad: true });
  } catch (error) {
    logger.warn({}, `Not watching the account files (${(error as Error).message}); use the dashboard or restart to pick up outside edits`);
    return () => undefined;
  }
}

/** Builds the upstream HTTP dispatcher: a keep-alive pool, or a proxy agent when an upstream proxy is set. */
function createUpstreamDispatcher(upstreamProxy: string | null): Dispatcher {
  const pooling = { connections: 128, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000, pipelining: 1 };
  return upstreamProxy ? new ProxyAgent({ uri: upstreamProxy, ...pooling }) : new Agent(pooling);
}

/**
 * The Google clients built from the environment (endpoints, OAuth client id/secret, upstream proxy) and the
 * Antigravity version to report (a function is read per request, so the dashboard can change it live).
 */
export function createGoogleClients(
  env: Environment,
  upstreamProxy: string | null,
  antigravityVersion: string | null | (() => string | null) = null,
) {
  const dispatcher = createUpstreamDispatcher(upstreamProxy);
  const endpoints = resolveGoogleEndpoints(env);
  const oauth = createGoogleOAuthClient({ endpoints, ...resolveGoogleClientCredentials(env), dispatcher });
  const readVersion = typeof antigravityVersion === 'function' ? antigravityVersion : () => antigravityVersion;
  const codeAssist = createCodeAssistClient({
    baseUrls: endpoints.codeAssistUrls,
    dispatcher,
    antigravityVersion: () => readVersion() ?? DEFAULT_ANTIGRAVITY_VERSION,
  });
  return { dispatcher, endpoints, oauth, codeAssist };
}

/**
 * The composition root: the one place that picks the real store, clients, clock and port. Everything is
 * built from the data directory and the environment; nothing listens until `listen()`.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: env.AGT_LOG_LEVEL ?? 'info', pretty: process.stdout.isTTY === true });
  const store = new AccountStore({ dataDir: options.dataDir, logger });
  try {
    await store.init();
  } catch (error) {
    // Keep serving (health, dashboard, clear 503s); what is readable is still used. Writes will fail loudly.
    logger.error({ dataDir: options.dataDir }, `Data directory problem: ${(error as Error).message}`);
  }
  const { settings: initial, warnings } = await loadSettings(options.dataDir, options.flags, env);
  for (const warning of warnings) logger.warn({ dataDir: options.dataDir }, warning);
  const settings = new LiveSettings(options.dataDir, initial, { flags: options.flags, env });

  const { dispatcher, oauth, codeAssist } = createGoogleClients(env, initial.upstreamProxy, () => settings.current.antigravityVersion);
  const metrics = new Metrics();
  const configFaults = new ConfigFaultBoard(logger);
  const clientVersionFaults = {
    clientVersionRefused(upstreamMessage: string): string {
      const current = settings.current;
      const message = formatClientVersionRefusal(current.antigravityVersion ?? DEFAULT_ANTIGRAVITY_VERSION, current.antigravityVersionSource, upstreamMessage);
      configFaults.report('client_version', message, upstreamMessage);
      return message;
    },
    upstreamSucceeded(): void {
      if (configFaults.size > 0) configFaults.resolve('client_version', 'Google answered a request normally');
    },
  };
  let reportedVersion = initial.antigravityVersion;
  settings.on('change', (next: { antigravityVersion: string | null }) => {
    if (next.antigravityVersion === reportedVersion) return;
    reportedVersion = next.antigravityVersion;
    configFaults.resolve('client_version', 'the Antigravity version setting changed; the next request will tell');
  });
  // Scheduling mode, fixed account and quota protection are read per request: they apply live.
  const pool = new AccountPool({ store, oauth, codeAssist, logger, metrics, settings: () => settings.current });
  const stopWatching =
    options.watchAccounts === false
      ? () => undefined
      : watchAccountsSafely(store, logger, (ids) => {
          logger.info({ accounts: [...ids] }, 'Account files changed on disk; reloading them');
          void pool.reloadAccounts(ids);
        });
  const { loaded, problems } = await pool.load().catch((error: Error) => {
    logger.error({ dataDir: options.dataDir }, `Cannot read the accounts: ${error.message}; starting with an empty pool`);
    return { loaded: 0, problems: [] };
  });
  logger.info({ dataDir: options.dataDir, accounts: loaded, eligible: pool.eligibleCount(), unreadable: problems.length }, 'Account pool loaded');
  let closed = false;
  // A stat per account file: once the gateway serves (listen), between event-loop turns.
  const warnAboutLoosePermissions = async () => {
    const loose = await findLoosePermissions(options.dataDir, () => closed);
    if (loose.length > 0 && !closed) {
      logger.warn(
        { dataDir: options.dataDir, paths: loose },
        `Other users of this machine can read or change agt's data (refresh tokens, API key): ${loose.join(', ')}; run \`chmod -R go-rwx ${options.dataDir}\``,
      );
    }
  };
  const catalogues = new ModelCatalogueStore();
  // One fetchAvailableModels per account feeds the catalogue and the account file's quota (`quota_refresh_interval`).
  const catalogueRefresher = new ModelCatalogueRefresher({
    pool,
    codeAssist,
    store: catalogues,
    accounts: store,
    logger,
    settings: () => settings.current,
    intervalMs: readPositiveMs(env.AGT_MODEL_CATALOGUE_REFRESH_SECONDS),
  });
  settings.on('change', () => catalogueRefresher.reschedule());

  const requestLog = new RequestLog({
    path: join(options.dataDir, 'proxy_logs.db'),
    enabled: initial.enableLogging,
    retentionDays: initial.logRetentionDays,
    logger,
  });
  metrics.watchRequestLogDrops(() => requestLog.stats().dropped);
  metrics.watchRequestLogAvailability(() => requestLog.stats().unavailable === null);
  settings.on('change', (next: typeof initial) => {
    requestLog.setEnabled(next.enableLogging);
    if (next.logRetentionDays !== requestLog.retention) requestLog.setRetentionDays(next.logRetentionDays);
  });

  const defaultDashboard = join(PACKAGE_ROOT, 'web', 'dist');
  const app = await createServerApp({
    settings,
    dataDir: options.dataDir,
    store,
    pool,
    catalogues,
    quotaRefresher: catalogueRefresher,
    dispatcher: createGenerateDispatcher({
      pool,
      codeAssist,
      catalogues,
      customMapping: () => settings.current.customMapping,
      onModelNotFound: (accountId) => catalogueRefresher.requestRefresh(accountId),
      metrics,
      configFaults: clientVersionFaults,
    }),
    codeAssist,
    oauth,
    requestLog,
    metrics,
    logger,
    version: readVersion(),
    dashboardDir: options.dashboardDir === undefined ? (existsSync(defaultDashboard) ? defaultDashboard : null) : options.dashboardDir,
    sseKeepAliveMs: options.sseKeepAliveMs,
    frontDoor: readFrontDoorSettings(env),
    configFaults,
  });

  // `agt config set`, the desktop app or an editor may change gui_config.json while we run.
  const stopWatchingConfig = watchGuiConfig({
    dataDir: options.dataDir,
    logger,
    onChange: () => {
      settings.reload().then(
        ({ changed, problem }) => {
          if (problem) logger.warn({}, `gui_config.json changed but cannot be used (${problem}); keeping the current settings`);
          else if (changed) logger.info({}, 'Settings reloaded from gui_config.json');
        },
        (error: Error) => logger.warn({}, `Could not reload gui_config.json: ${error.message}`),
      );
    },
  });

  return {
    app,
    settings,
    store,
    pool,
    catalogues,
    requestLog,
    metrics,
    logger,
    oauth,
    codeAssist,
    configFaults,
    async listen() {
      const host = bindHostFor(initial.allowLanAccess);
      await app.listen({ host, port: initial.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : initial.port;
      settings.bound.port = port;
      // Catalogues are fetched once the gateway serves: start-up is not held up by Google.
      catalogueRefresher.start();
      void warnAboutLoosePermissions().catch((error: Error) => logger.warn({ dataDir: options.dataDir }, `Could not check the data directory's permissions: ${error.message}`));
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    async close() {
      closed = true;
      stopWatching();
      stopWatchingConfig();
      catalogueRefresher.stop();
      pool.close();
      await app.close();
      requestLog.close();
      await dispatcher.close();
    },
  };
}
