import type { AccountStore } from '../accounts/index.js';
import type { FrontDoorSettings, LiveSettings } from '../config/index.js';
import type { createGenerateDispatcher } from '../dispatch/index.js';
import type { CodeAssistClient, GoogleOAuthClient } from '../google/index.js';
import type { ConfigFaultBoard, Logger, Metrics, RequestLog } from '../observability/index.js';
import type { AccountPool, ModelCatalogueRefresher, ModelCatalogueStore } from '../pool/index.js';
import type { Clock } from '../shared/clock.js';

/** Everything the HTTP layer uses, chosen by `app.ts`. */
export interface ServerDependencies {
  settings: LiveSettings;
  dataDir: string;
  store: AccountStore;
  pool: AccountPool;
  /** Every account's `fetchAvailableModels` catalogue (routing, model listings, limits). */
  catalogues: ModelCatalogueStore;
  /** Fetches an account's catalogue and quota now (the dashboard's "Refresh quota"); the background refresh uses it too. */
  quotaRefresher?: Pick<ModelCatalogueRefresher, 'refreshAccount'> & Partial<Pick<ModelCatalogueRefresher, 'lastFailure'>>;
  dispatcher: ReturnType<typeof createGenerateDispatcher>;
  codeAssist: CodeAssistClient;
  oauth: GoogleOAuthClient;
  requestLog: RequestLog;
  metrics: Metrics;
  logger: Logger;
  version: string;
  /** Directory of the built dashboard (web/dist); the dashboard is not served when missing. */
  dashboardDir: string | null;
  /** A streaming response that has been silent this long gets a keep-alive frame (default 15 s). */
  sseKeepAliveMs?: number;
  /** Host list, body limits and login throttle (docs/security.md); defaults when absent. */
  frontDoor?: FrontDoorSettings;
  /** Time source of the login throttle (tests); the system clock when absent. */
  clock?: Clock;
  /** Configuration faults no account can fix (a refused client version), shown on the dashboard. */
  configFaults?: ConfigFaultBoard;
}
