import { applyQuotaSnapshot, type AccountFile, type AccountStore, type QuotaSnapshot } from '../../accounts/index.js';
import type { QuotaProtectionSettings } from '../../config/config-schema.js';
import { UpstreamHttpError, UpstreamNetworkError, type CodeAssistClient, type FetchAvailableModelsResponse } from '../../google/index.js';
import { parseModelCatalogue } from '../../protocols/model-routing/index.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { redactSecrets } from '../../shared/redact.js';
import type { AccountPool, PoolLogger } from '../account-pool.js';
import { listProtectedModels } from '../quota-protection.js';
import { buildForwardingRules, buildQuotaGroups, buildQuotaModels, buildSubscriptionTier } from '../quota/build-quota-snapshot.js';
import { readAccountQuota } from '../quota/read-account-quota.js';
import type { ModelCatalogueStore } from './model-catalogue-store.js';

export interface ModelCatalogueRefresherOptions {
  pool: Pick<
    AccountPool,
    'eligibleAccountIds' | 'borrowCredentials' | 'forceRefresh' | 'stateOf' | 'has' | 'on' | 'off' | 'applyWrittenAccount' | 'protectionResetOf' | 'noteQuotaChecked'
  >;
  codeAssist: Pick<CodeAssistClient, 'fetchAvailableModels'> & Partial<Pick<CodeAssistClient, 'retrieveUserQuotaSummary' | 'loadCodeAssist'>>;
  store: ModelCatalogueStore;
  /** Where the quota is written (the account files); without it only the catalogue is kept. */
  accounts?: Pick<AccountStore, 'update'>;
  logger: PoolLogger;
  clock?: Clock;
  /**
   * The live settings: `quota_refresh_interval` (minutes, 0 = no periodic refresh) and quota protection (the file's
   * `protected_models`). Read at every round, so a change applies at the next one (`reschedule` applies it at once).
   */
  settings?: () => { quotaRefreshIntervalMinutes: number; quotaProtection: QuotaProtectionSettings };
  /** A fixed period that wins over the setting (`AGT_MODEL_CATALOGUE_REFRESH_SECONDS`); the default is the setting. */
  intervalMs?: number;
  /** Accounts fetched at the same time (default 3). */
  concurrency?: number;
  /** An account fetched this recently is fetched again on request only once this much time has passed (default 5 s). */
  minGapMs?: number;
  /** Longest random pause before each account's fetch in a periodic round (default 1 s), so rounds do not burst. */
  jitterMs?: number;
  random?: () => number;
}

const DEFAULT_INTERVAL_MINUTES = 10;
const DEFAULT_CONCURRENCY = 3;
const DEFAULT_MIN_GAP_MS = 5_000;
const DEFAULT_JITTER_MS = 1_000;
const FETCH_TIMEOUT_MS = 30_000;
/** After a 403 or 404 on `retrieveUserQuotaSummary` (the real backend often refuses it), ask again this much later. */
const SUMMARY_RETRY_MS = 6 * 60 * 60_000;
/** A protected account whose quota should have reset but still looks low is fetched again this often. */
const PROTECTION_RECHECK_MS = 60_000;
/** The refresh after a quota reset waits this long past it, so the backend reports the new window. */
const AFTER_RESET_MS = 2_000;
/**
 * A round stops after this many fetches in a row could not reach Google at all (refused, DNS, timeout): the other
 * accounts would fail the same way, and 10,000 accounts would mean 10,000 warnings and as many failed connections.
 */
const UNREACHABLE_STREAK = 8;

/**
 * Keeps every account's model catalogue and quota fresh in the background — one `fetchAvailableModels` per account
 * feeds both: all eligible accounts at start, then every `quota_refresh_interval` minutes (jittered, a few accounts at
 * a time, the ones never fetched first), one account on request (a new account, a 404 for a model its catalogue
 * listed, the dashboard's "Refresh quota"), and a protected account right after its quota resets. No dashboard needs
 * to be open (the desktop app refreshes only from its UI, reference §8).
 *
 * Tokens come through the pool's own single-flight refresh (`borrowCredentials` also waits for a refresh already in
 * flight), so a fetch never refreshes or races a token a request is refreshing, and a refresh that reveals
 * `invalid_grant` disables the account exactly as a request would.
 *
 * The quota goes into the account file in the desktop app's shape (`quota.models`, `quota_groups` from
 * `retrieveUserQuotaSummary` where the backend answers it, `subscription_tier`, `protected_models`), merged field by
 * field and written only when it changed. A 403 on the quota call is recorded (`quota.is_forbidden` and its reason,
 * one warning in the log, a badge on the dashboard) and nothing is disabled; a 403 on the summary is normal and only
 * means it is not asked again for a while. A failed fetch keeps the last catalogue and quota.
 */
export class ModelCatalogueRefresher {
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly minGapMs: number;
  private readonly jitterMs: number;
  private readonly random: () => number;
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly lastAttemptMs = new Map<string, number>();
  private readonly reportedErrors = new Map<string, string>();
  private readonly deferred = new Map<string, NodeJS.Timeout>();
  private readonly summaryRetryAt = new Map<string, number>();
  private readonly tierAsked = new Set<string>();
  private readonly abort = new AbortController();
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private timerPeriodMs: number | undefined;
  private round: Promise<void> | undefined;
  /** Fetches in a row that failed at the network level (any answer from Google resets it). */
  private unreachableStreak = 0;
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
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.minGapMs = options.minGapMs ?? DEFAULT_MIN_GAP_MS;
    this.jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
    this.random = options.random ?? Math.random;
  }

  /** The period of the background refresh now (ms); 0 when it is off. */
  periodMs(): number {
    if (this.options.intervalMs !== undefined) return this.options.intervalMs;
    const minutes = this.options.settings?.().quotaRefreshIntervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
    return Math.max(0, minutes) * 60_000;
  }

  /** Fetches every account now and then periodically; listens for new accounts. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.options.pool.on('change', this.onPoolChange);
    void this.refreshAll();
    this.reschedule();
  }

  /** Applies a changed refresh interval: the next round comes one (jittered) period from now, or never when off. */
  reschedule(): void {
    if (!this.started || this.abort.signal.aborted) return;
    const period = this.periodMs();
    if (period === this.timerPeriodMs && this.timer !== undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerPeriodMs = period;
    if (period <= 0) return;
    // ±10 %: gateways started together (or one restarted often) do not all ask Google at the same moment.
    const delay = Math.round(period * (0.9 + 0.2 * this.random()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerPeriodMs = undefined;
      void this.refreshAll(true).finally(() => this.reschedule());
    }, delay);
    this.timer.unref();
  }

  /** Stops the timer and abandons fetches in flight. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.started = false;
    this.options.pool.off('change', this.onPoolChange);
    for (const timer of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
    this.abort.abort();
  }

  /** One round over every eligible account, `concurrency` at a time; resolves when the round is done. */
  refreshAll(jittered = false): Promise<void> {
    this.round ??= this.runRound(jittered).finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Fetches one account now, or once `minGapMs` have passed since its last fetch (a burst of 404s asks once). */
  requestRefresh(accountId: string, notBeforeMs = 0): void {
    if (this.abort.signal.aborted) return;
    const existing = this.deferred.get(accountId);
    const last = this.lastAttemptMs.get(accountId);
    const now = this.clock.now();
    const wait = Math.max(last === undefined ? 0 : last + this.minGapMs - now, notBeforeMs - now);
    if (existing !== undefined) {
      if (notBeforeMs === 0) return;
      clearTimeout(existing);
    }
    if (wait <= 0) {
      this.deferred.delete(accountId);
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

  /** Fetches one account's catalogue and quota now (single flight per account); true when a catalogue was stored. */
  refreshAccount(accountId: string): Promise<boolean> {
    let running = this.inFlight.get(accountId);
    if (running === undefined) {
      running = this.fetchAccount(accountId).finally(() => this.inFlight.delete(accountId));
      this.inFlight.set(accountId, running);
    }
    return running;
  }

  /** Why the account's last fetch failed (Google's message, a 403 prefixed with "403 "), or undefined. */
  lastFailure(accountId: string): string | undefined {
    return this.reportedErrors.get(accountId);
  }

  private async runRound(jittered: boolean): Promise<void> {
    const { pool, store } = this.options;
    // Never-fetched accounts first, then the stalest.
    const ids = pool
      .eligibleAccountIds()
      .filter((id) => pool.stateOf(id) !== 'cooling_down')
      .sort((left, right) => (store.fetchedAt(left) ?? -1) - (store.fetchedAt(right) ?? -1));
    let next = 0;
    const unreachable = () => this.unreachableStreak >= UNREACHABLE_STREAK;
    const worker = async (): Promise<void> => {
      while (next < ids.length && !this.abort.signal.aborted && !unreachable()) {
        const id = ids[next++] as string;
        if (jittered && this.jitterMs > 0) await this.pause(this.random() * this.jitterMs);
        await this.refreshAccount(id);
      }
    };
    this.unreachableStreak = 0;
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
    if (unreachable() && next < ids.length && !this.abort.signal.aborted) {
      const period = this.periodMs();
      this.options.logger.warn(
        { skipped: ids.length - next },
        `Google could not be reached for the last ${this.unreachableStreak} accounts in a row; the model catalogue and quota of the other ${ids.length - next} accounts are fetched ${period > 0 ? 'at the next round' : 'when a request needs them'}`,
      );
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
    });
  }

  private async fetchAccount(accountId: string): Promise<boolean> {
    const { pool, codeAssist, store, logger } = this.options;
    this.lastAttemptMs.set(accountId, this.clock.now());
    if (this.abort.signal.aborted) return false;
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
    let credentials = await pool.borrowCredentials(accountId, signal).catch(() => null);
    for (let attempt = 0; credentials !== null; attempt += 1) {
      let reply: FetchAvailableModelsResponse;
      try {
        reply = await codeAssist.fetchAvailableModels(credentials.accessToken, credentials.projectId, signal);
      } catch (error) {
        if (this.abort.signal.aborted) return false;
        this.unreachableStreak = error instanceof UpstreamNetworkError ? this.unreachableStreak + 1 : 0;
        // An access token the backend no longer takes: one forced refresh (single flight with requests), then retry.
        if (error instanceof UpstreamHttpError && error.status === 401 && attempt === 0) {
          credentials = await pool.forceRefresh(accountId, credentials.accessToken).catch(() => null);
          continue;
        }
        if (error instanceof UpstreamHttpError && error.status === 403) await this.recordForbidden(accountId, error);
        else this.report(accountId, error);
        return false;
      }
      this.unreachableStreak = 0;
      if (!pool.has(accountId)) return false;
      const now = this.clock.now();
      const catalogue = parseModelCatalogue(reply, now);
      const first = store.get(accountId) === undefined;
      store.set(accountId, catalogue);
      this.reportedErrors.delete(accountId);
      if (first) logger.info({ accountId, models: catalogue.models.size }, 'Model catalogue loaded');
      const snapshot: QuotaSnapshot = { models: buildQuotaModels(reply), forwardingRules: buildForwardingRules(reply), forbidden: null };
      await this.addSummary(accountId, credentials, snapshot, signal);
      await this.addTier(accountId, credentials.accessToken, snapshot, signal);
      await this.writeQuota(accountId, snapshot);
      pool.noteQuotaChecked(accountId, now);
      this.scheduleAfterReset(accountId);
      return true;
    }
    return false;
  }

  /** The 5-hour / weekly windows, where the backend has them; a 403 or 404 means "not here" for a while. */
  private async addSummary(accountId: string, credentials: { accessToken: string; projectId: string }, snapshot: QuotaSnapshot, signal: AbortSignal): Promise<void> {
    const fetchSummary = this.options.codeAssist.retrieveUserQuotaSummary;
    if (fetchSummary === undefined || (this.summaryRetryAt.get(accountId) ?? 0) > this.clock.now()) return;
    try {
      snapshot.groups = buildQuotaGroups(await fetchSummary(credentials.accessToken, credentials.projectId, signal));
    } catch (error) {
      if (error instanceof UpstreamHttpError && (error.status === 403 || error.status === 404)) {
        this.summaryRetryAt.set(accountId, this.clock.now() + SUMMARY_RETRY_MS);
        this.options.logger.info({ accountId, status: error.status }, 'The 5-hour / weekly quota summary is not available for this account; per-model quota only');
      }
      // Anything else (429, 5xx, network): the next round asks again; the groups stored before stay.
    }
  }

  /** The subscription tier, asked once per account per process while the file does not have one. */
  private async addTier(accountId: string, accessToken: string, snapshot: QuotaSnapshot, signal: AbortSignal): Promise<void> {
    const load = this.options.codeAssist.loadCodeAssist;
    if (load === undefined || this.options.accounts === undefined || this.tierAsked.has(accountId)) return;
    this.tierAsked.add(accountId);
    try {
      const tier = buildSubscriptionTier(await load(accessToken, signal));
      if (tier !== undefined) snapshot.subscriptionTier = tier;
    } catch {
      // The tier is a label on the dashboard; its absence costs nothing.
    }
  }

  private async writeQuota(accountId: string, snapshot: QuotaSnapshot): Promise<void> {
    const { accounts, pool, settings, logger } = this.options;
    if (accounts === undefined) return;
    const protection = settings?.().quotaProtection;
    let written: AccountFile | null = null;
    try {
      written = await accounts.update(accountId, (account) => {
        // `protected_models` as the desktop app keeps it: from the quota being written and the settings of now.
        const quota = readAccountQuota(snapshot.models === undefined ? account : { ...account, quota: { models: snapshot.models } });
        const protectedModels = protection === undefined ? undefined : listProtectedModels(quota, protection);
        return applyQuotaSnapshot(account, { ...snapshot, protectedModels }, Math.floor(this.clock.now() / 1000));
      });
    } catch (error) {
      logger.warn({ accountId, reason: (error as Error).message }, 'Could not save the account quota; keeping it in memory');
      return;
    }
    if (written !== null) pool.applyWrittenAccount(written);
  }

  /** A 403 on the quota call: shown in the account file, the dashboard and the log; the account is not disabled. */
  private async recordForbidden(accountId: string, error: UpstreamHttpError): Promise<void> {
    const reason = error.failure.validationUrl ? `${error.failure.message} (verify at ${error.failure.validationUrl})` : error.failure.message;
    const message = redactSecrets(reason);
    if (this.reportedErrors.get(accountId) !== `403 ${message}`) {
      this.reportedErrors.set(accountId, `403 ${message}`);
      this.options.logger.warn(
        { event: 'quota-forbidden', accountId, error: message },
        `Quota fetch refused with 403 for account ${accountId}: ${message}. The account is NOT disabled; its quota is marked forbidden until a fetch succeeds`,
      );
    }
    await this.writeQuota(accountId, { forbidden: { reason: `Forbidden (403): ${message}` } });
  }

  /**
   * A protected account comes back when a refresh shows its quota reset: fetch it right after the reset time, instead
   * of waiting for the next round (or again in a minute while the reset has passed and the quota still looks low).
   */
  private scheduleAfterReset(accountId: string): void {
    const resetAt = this.options.pool.protectionResetOf(accountId);
    if (resetAt === undefined) return;
    const now = this.clock.now();
    const at = resetAt > now ? resetAt + AFTER_RESET_MS : now + PROTECTION_RECHECK_MS;
    const period = this.periodMs();
    if (period > 0 && at - now >= period) return;
    this.requestRefresh(accountId, at);
  }

  /** Logs a failed fetch once per account and message: the catalogue is a background nicety, not a request. */
  private report(accountId: string, error: unknown): void {
    const message = redactSecrets((error as Error).message ?? String(error));
    if (this.reportedErrors.get(accountId) === message) return;
    this.reportedErrors.set(accountId, message);
    this.options.logger.warn({ accountId, error: message }, 'Could not fetch the model catalogue; keeping the last one known');
  }
}
