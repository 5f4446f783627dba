import { UpstreamHttpError, type CodeAssistClient } from '../../google/index.js';
import { parseModelCatalogue } from '../../protocols/model-routing/index.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { redactSecrets } from '../../shared/redact.js';
import type { AccountPool, PoolLogger } from '../account-pool.js';
import type { ModelCatalogueStore } from './model-catalogue-store.js';

export interface ModelCatalogueRefresherOptions {
  pool: Pick<AccountPool, 'eligibleAccountIds' | 'borrowCredentials' | 'forceRefresh' | 'stateOf' | 'has' | 'on' | 'off'>;
  codeAssist: Pick<CodeAssistClient, 'fetchAvailableModels'>;
  store: ModelCatalogueStore;
  logger: PoolLogger;
  clock?: Clock;
  /** Every account is fetched again this often (default 10 minutes, like the desktop app's quota refresh). */
  intervalMs?: number;
  /** Accounts fetched at the same time (default 3). */
  concurrency?: number;
  /** An account fetched this recently is fetched again on request only once this much time has passed (default 5 s). */
  minGapMs?: number;
}

const DEFAULT_INTERVAL_MS = 10 * 60_000;
const DEFAULT_CONCURRENCY = 3;
const DEFAULT_MIN_GAP_MS = 5_000;
const FETCH_TIMEOUT_MS = 30_000;

/**
 * Keeps every account's model catalogue fresh in the background: all eligible accounts at start and then every
 * `intervalMs`, a few at a time (the ones never fetched first), and one account on request (a new account, or a 404
 * for a model its catalogue listed). Tokens come through the pool's own single-flight refresh, so a fetch never
 * refreshes a token a request is already refreshing, and a refresh that reveals `invalid_grant` disables the account
 * exactly as a request would. A failed fetch keeps the last catalogue; routing falls back to the built-in families
 * for accounts that have none.
 */
export class ModelCatalogueRefresher {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly concurrency: number;
  private readonly minGapMs: number;
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly lastAttemptMs = new Map<string, number>();
  private readonly reportedErrors = new Map<string, string>();
  private readonly deferred = new Map<string, NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private readonly onPoolChange = (event: { reason?: string; accountId?: string }): void => {
    if (event.accountId === undefined) return;
    if (!this.options.pool.has(event.accountId)) {
      this.options.store.delete(event.accountId);
      return;
    }
    if (event.reason === 'reload' && this.options.store.get(event.accountId) === undefined) this.requestRefresh(event.accountId);
  };

  constructor(private readonly options: ModelCatalogueRefresherOptions) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.minGapMs = options.minGapMs ?? DEFAULT_MIN_GAP_MS;
  }

  /** Fetches every account now and then periodically; listens for new accounts. */
  start(): void {
    if (this.timer !== undefined) return;
    this.options.pool.on('change', this.onPoolChange);
    void this.refreshAll();
    this.timer = setInterval(() => void this.refreshAll(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and abandons fetches in flight. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.options.pool.off('change', this.onPoolChange);
    for (const timer of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
    this.abort.abort();
  }

  /** One round over every eligible account, `concurrency` at a time; resolves when the round is done. */
  refreshAll(): Promise<void> {
    this.round ??= this.runRound().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Fetches one account now, or once `minGapMs` have passed since its last fetch (a burst of 404s asks once). */
  requestRefresh(accountId: string): void {
    if (this.abort.signal.aborted || this.deferred.has(accountId)) return;
    const last = this.lastAttemptMs.get(accountId);
    const wait = last === undefined ? 0 : last + this.minGapMs - this.clock.now();
    if (wait <= 0) {
      void this.refreshAccount(accountId);
      return;
    }
    const timer = setTimeout(() => {
      this.deferred.delete(accountId);
      void this.refreshAccount(accountId);
    }, wait);
    timer.unref();
    this.deferred.set(accountId, timer);
  }

  /** Fetches one account's catalogue now (single flight per account); true when a catalogue was stored. */
  refreshAccount(accountId: string): Promise<boolean> {
    let running = this.inFlight.get(accountId);
    if (running === undefined) {
      running = this.fetchAccount(accountId).finally(() => this.inFlight.delete(accountId));
      this.inFlight.set(accountId, running);
    }
    return running;
  }

  private async runRound(): Promise<void> {
    const { pool, store } = this.options;
    // Never-fetched accounts first, then the stalest.
    const ids = pool
      .eligibleAccountIds()
      .filter((id) => pool.stateOf(id) !== 'cooling_down')
      .sort((left, right) => (store.fetchedAt(left) ?? -1) - (store.fetchedAt(right) ?? -1));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length && !this.abort.signal.aborted) {
        const id = ids[next++] as string;
        await this.refreshAccount(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
  }

  private async fetchAccount(accountId: string): Promise<boolean> {
    const { pool, codeAssist, store, logger } = this.options;
    this.lastAttemptMs.set(accountId, this.clock.now());
    if (this.abort.signal.aborted) return false;
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
    let credentials = await pool.borrowCredentials(accountId, signal).catch(() => null);
    for (let attempt = 0; credentials !== null; attempt += 1) {
      try {
        const reply = await codeAssist.fetchAvailableModels(credentials.accessToken, credentials.projectId, signal);
        if (!pool.has(accountId)) return false;
        const catalogue = parseModelCatalogue(reply, this.clock.now());
        const first = store.get(accountId) === undefined;
        store.set(accountId, catalogue);
        this.reportedErrors.delete(accountId);
        if (first) logger.info({ accountId, models: catalogue.models.size }, 'Model catalogue loaded');
        return true;
      } catch (error) {
        if (this.abort.signal.aborted) return false;
        // An access token the backend no longer takes: one forced refresh (single flight with requests), then retry.
        if (error instanceof UpstreamHttpError && error.status === 401 && attempt === 0) {
          credentials = await pool.forceRefresh(accountId, credentials.accessToken).catch(() => null);
          continue;
        }
        this.report(accountId, error);
        return false;
      }
    }
    return false;
  }

  /** Logs a failed fetch once per account and message: the catalogue is a background nicety, not a request. */
  private report(accountId: string, error: unknown): void {
    const message = redactSecrets((error as Error).message ?? String(error));
    if (this.reportedErrors.get(accountId) === message) return;
    this.reportedErrors.set(accountId, message);
    this.options.logger.warn({ accountId, error: message }, 'Could not fetch the model catalogue; keeping the last one known');
  }
}
