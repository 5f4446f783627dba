import { EventEmitter } from 'node:events';
import type { AccountFile } from '../accounts/account-schema.js';
import { applyInvalidGrant, type AccountStore } from '../accounts/index.js';
import { OAuthError, type CodeAssistClient, type GoogleOAuthClient, type UpstreamFailureClass } from '../google/index.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { redactSecrets } from '../shared/redact.js';
import { HourlyCounter } from './hourly-counter.js';
import { MinHeap } from './min-heap.js';
import {
  buildNoAvailableAccountError,
  emptyAttemptFailures,
  type AttemptFailures,
  type PoolSnapshotCounts,
} from './no-available-account-error.js';
import { isQuotaProtected as defaultIsQuotaProtected } from './quota-protection.js';
import { createMemoryPoolBus, type PoolCoordinator, type PoolEvent } from './pool-coordinator.js';
import { ReadySet } from './ready-set.js';
import { generateId } from '../shared/ids.js';
import { waitUnlessAborted } from './wait-unless-aborted.js';

export interface PoolLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface PoolMetrics {
  tokenRefresh(outcome: 'success' | 'invalid_grant' | 'client_config' | 'transient'): void;
  invalidGrantDisable(): void;
  cooldown(reason: string): void;
}

export interface AccountPoolOptions {
  store: AccountStore;
  oauth: GoogleOAuthClient;
  codeAssist: Pick<CodeAssistClient, 'resolveProjectId'>;
  logger: PoolLogger;
  metrics?: PoolMetrics;
  clock?: Clock;
  /** Refresh this many seconds before the access token expires (the original app uses 300 s). */
  refreshSkewSeconds?: number;
  /** The quota-protection hook: true holds the account back for this model only. */
  isQuotaProtected?: (account: AccountFile, model: string) => boolean;
  /** Shares cooldowns and disables with other gateway instances; in-process only by default. */
  coordinator?: PoolCoordinator;
}

/** What a request needs to call upstream with one account. */
export interface Lease {
  accountId: string;
  email: string;
  accessToken: string;
  projectId: string;
}

/** A lease for one upstream model: the account's credentials and the model it serves this request with. */
export interface ModelLease extends Lease {
  /** The upstream model id chosen for this account. */
  model: string;
}

/** Per-request bookkeeping: accounts already tried and why accounts failed. */
export interface AcquireContext {
  /** The model the client asked for; the upstream model of every account when `chooseModel` is absent. */
  model: string;
  /**
   * The upstream model this account should get, or undefined when it serves nothing the request can use (it is
   * skipped). Cooldowns and quota protection are checked for the chosen model.
   */
  chooseModel?: (accountId: string) => string | undefined;
  tried: Set<string>;
  failures: AttemptFailures;
  signal?: AbortSignal;
}

export function createAcquireContext(
  model: string,
  signal?: AbortSignal,
  chooseModel?: (accountId: string) => string | undefined,
): AcquireContext {
  return { model, chooseModel, tried: new Set(), failures: emptyAttemptFailures(), signal };
}

/** Why an account failed: an upstream class from `classifyUpstreamFailure`, or one the pool itself sees. */
export type FailureClass = UpstreamFailureClass | 'network' | 'empty_stream' | 'refresh_failed' | 'invalid_grant';

export interface AccountRuntimeState {
  cooldownUntil: number | null;
  cooldownReason: string | null;
  modelCooldowns: Record<string, number>;
  lastError: { class: string; message: string; at: number } | null;
  requests1h: number;
  failures1h: number;
  /** Last successful request (ms), 0 when none since the gateway started. */
  lastUsedMs: number;
}

interface PoolEntry {
  id: string;
  email: string;
  file: AccountFile;
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
  projectId: string | null;
  /** Usable by the gateway at all (not disabled, not proxy-disabled). */
  eligible: boolean;
  cooldownUntil: number;
  cooldownReason: string | null;
  /** Why the account-wide cooldown was set; rate limits and upstream errors are reported differently. */
  cooldownClass: FailureClass | null;
  modelCooldowns: Map<string, number>;
  /** Models the backend answered 404 for on this account, until when they are not tried here again. */
  modelsNotFound: Map<string, number>;
  lastError: AccountRuntimeState['lastError'];
  requests: HourlyCounter;
  failures: HourlyCounter;
  lastUsedMs: number;
  lastUsedWrittenMs: number;
  refreshing: Promise<void> | null;
  resolvingProject: Promise<void> | null;
}

const LAST_USED_WRITE_INTERVAL_MS = 10 * 60_000;
/** After a refresh that failed for network / 5xx reasons. */
const REFRESH_TRANSIENT_COOLDOWN_MS = 5_000;
/** After Google rejected the OAuth client: a configuration fault that will not heal in seconds. */
const REFRESH_CLIENT_FAULT_COOLDOWN_MS = 60_000;

class RefreshFailure extends Error {
  constructor(
    readonly kind: 'invalid_grant' | 'client_config' | 'transient' | 'project',
    message: string,
  ) {
    super(message);
  }
}

const RATE_LIMIT_CLASSES: ReadonlySet<FailureClass> = new Set(['rate_limit', 'quota_exhausted', 'capacity']);

/** `proxy_disabled` set by the desktop app's old account-level quota protection is not a user choice. */
function isUserProxyDisabled(account: AccountFile): boolean {
  return account.proxy_disabled === true && account.proxy_disabled_reason !== 'quota_protection';
}

/**
 * The live account pool: which accounts may serve, picking one per request in rotation, keeping access
 * tokens fresh (one refresh per account however many requests wait), cooldowns, and — the reason this
 * project exists — what happens on `invalid_grant`: the account is disabled on disk, dropped from the pool
 * at once, both log lines are written, and the caller is handed the next account in the same call.
 *
 * Eligibility is decided in the original app's order: `disabled` → quota protection (per model) →
 * `proxy_disabled`. Memory is a cache of the account files; `reload*` re-reads them.
 *
 * Events: `change` ({ reason, accountId? }) whenever an account's visible state changes.
 */
export class AccountPool extends EventEmitter {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly ready = new ReadySet<PoolEntry>();
  private readonly cooling = new MinHeap<PoolEntry>();
  private readonly clock: Clock;
  private readonly skewMs: number;
  private readonly isQuotaProtected: (account: AccountFile, model: string) => boolean;
  private readonly reportedClientFaults = new Set<string>();
  private problems: Array<{ file: string; reason: string }> = [];

  private readonly instanceId = generateId();
  private readonly coordinator: PoolCoordinator;
  private readonly stopListening: () => void;

  constructor(private readonly options: AccountPoolOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.skewMs = (options.refreshSkewSeconds ?? 300) * 1000;
    this.isQuotaProtected = options.isQuotaProtected ?? defaultIsQuotaProtected;
    this.coordinator = options.coordinator ?? createMemoryPoolBus().connect();
    this.stopListening = this.coordinator.subscribe((event) => {
      if (event.origin !== this.instanceId) this.applyRemoteEvent(event);
    });
  }

  /** Stops listening to other instances. */
  close(): void {
    this.stopListening();
  }

  /** A cooldown, disable or reset that another gateway instance saw. */
  private applyRemoteEvent(event: PoolEvent): void {
    if (event.type === 'cooldowns-cleared') {
      this.resetCooldowns(event.accountId);
      return;
    }
    const entry = this.entries.get(event.accountId);
    if (!entry) return;
    if (event.type === 'disabled') {
      entry.eligible = false;
      entry.file = { ...entry.file, disabled: true };
      this.ready.delete(entry.id);
      // The other instance wrote the disable to the shared account file; read it for the reason and time.
      void this.reloadAccounts([entry.id]);
      return;
    }
    if (event.model) entry.modelCooldowns.set(event.model, Math.max(event.until, entry.modelCooldowns.get(event.model) ?? 0));
    else this.coolDownUntil(entry, event.until, event.failureClass, event.message);
    this.emit('change', { reason: 'remote-cooldown', accountId: entry.id });
  }

  /** Reads every account file and rebuilds the pool, keeping cooldowns and fresh tokens of known accounts. */
  async load(): Promise<{ loaded: number; problems: Array<{ file: string; reason: string }> }> {
    const { accounts, problems } = await this.options.store.loadAll();
    this.problems = problems;
    const seen = new Set<string>();
    for (const account of accounts) {
      seen.add(account.id);
      this.upsertEntry(account);
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.dropEntry(id);
    this.emit('change', { reason: 'reload' });
    return { loaded: accounts.length, problems };
  }

  /** Re-reads the named account files (a CLI edit, another process, the admin API). Missing files are dropped. */
  async reloadAccounts(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      let account: AccountFile | null;
      try {
        account = await this.options.store.read(id);
      } catch (error) {
        this.options.logger.warn({ accountId: id, reason: (error as Error).message }, 'Account file unreadable; keeping the last good state');
        continue;
      }
      if (account === null) this.dropEntry(id);
      else this.upsertEntry(account);
      this.emit('change', { reason: 'reload', accountId: id });
    }
  }

  fileProblems(): ReadonlyArray<{ file: string; reason: string }> {
    return this.problems;
  }

  /** Accounts the gateway may use at all (ignores cooldowns). */
  eligibleCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.eligible) count++;
    return count;
  }

  /** The visible state of one account, in the dashboard's precedence order. */
  stateOf(accountId: string): 'active' | 'disabled' | 'proxy_disabled' | 'cooling_down' | 'quota_protected' | null {
    const entry = this.entries.get(accountId);
    if (!entry) return null;
    if (entry.file.disabled === true) return 'disabled';
    if (isUserProxyDisabled(entry.file)) return 'proxy_disabled';
    if (entry.cooldownUntil > this.clock.now()) return 'cooling_down';
    if ((entry.file.protected_models?.length ?? 0) > 0) return 'quota_protected';
    return 'active';
  }

  /** Accounts per visible state, for metrics and the dashboard summary. */
  stateCounts(): Record<string, number> {
    const counts: Record<string, number> = { active: 0, disabled: 0, proxy_disabled: 0, cooling_down: 0, quota_protected: 0 };
    for (const id of this.entries.keys()) {
      const state = this.stateOf(id);
      if (state) counts[state]++;
    }
    return counts;
  }

  has(accountId: string): boolean {
    return this.entries.has(accountId);
  }

  runtimeState(accountId: string): AccountRuntimeState | null {
    const entry = this.entries.get(accountId);
    if (!entry) return null;
    const now = this.clock.now();
    const modelCooldowns: Record<string, number> = {};
    for (const [model, until] of entry.modelCooldowns) if (until > now) modelCooldowns[model] = until;
    return {
      cooldownUntil: entry.cooldownUntil > now ? entry.cooldownUntil : null,
      cooldownReason: entry.cooldownUntil > now ? entry.cooldownReason : null,
      modelCooldowns,
      lastError: entry.lastError,
      requests1h: entry.requests.total(now),
      failures1h: entry.failures.total(now),
      lastUsedMs: entry.lastUsedMs,
    };
  }

  /**
   * Picks an account for `context.model`, refreshing its token and resolving its project first. Accounts
   * that fail on the way (invalid_grant, network, no project) are skipped and the next one is tried; throws
   * the GatewayError of `buildNoAvailableAccountError` when none is left.
   */
  async acquire(context: AcquireContext): Promise<ModelLease> {
    for (;;) {
      context.signal?.throwIfAborted();
      const selected = this.select(context);
      if (!selected) throw buildNoAvailableAccountError(this.countFor(context), context.failures, this.clock.now(), context.model);
      const { entry, model } = selected;
      context.tried.add(entry.id);
      try {
        // The request stops waiting at its deadline; a shared refresh keeps going for the other waiters.
        await waitUnlessAborted(this.ensureFreshToken(entry, false), context.signal);
        await waitUnlessAborted(this.ensureProject(entry), context.signal);
        entry.requests.add(this.clock.now());
        return { accountId: entry.id, email: entry.email, accessToken: entry.accessToken, projectId: entry.projectId as string, model };
      } catch (error) {
        if (!(error instanceof RefreshFailure)) throw error;
        if (error.kind === 'invalid_grant') context.failures.invalidGrant++;
        else if (error.kind === 'client_config') context.failures.clientConfig++;
        else if (error.kind === 'project') context.failures.projectFailed++;
        else context.failures.refreshTransient++;
      }
    }
  }

  /**
   * Fresh credentials of one account for background work (its model catalogue): the same single-flight refresh
   * and project resolution a request uses, without counting as a request. Null when the account cannot serve
   * (ineligible, refresh failed — an invalid_grant disables it as usual — or no project).
   */
  async borrowCredentials(accountId: string, signal?: AbortSignal): Promise<{ accessToken: string; projectId: string } | null> {
    const entry = this.entries.get(accountId);
    if (!entry || !entry.eligible) return null;
    try {
      await waitUnlessAborted(this.ensureFreshToken(entry, false), signal);
      await waitUnlessAborted(this.ensureProject(entry), signal);
      return { accessToken: entry.accessToken, projectId: entry.projectId as string };
    } catch (error) {
      if (error instanceof RefreshFailure) return null;
      throw error;
    }
  }

  /** The ids of the accounts the gateway may use at all (ignores cooldowns). */
  eligibleAccountIds(): string[] {
    const ids: string[] = [];
    for (const entry of this.entries.values()) if (entry.eligible) ids.push(entry.id);
    return ids;
  }

  /**
   * After an upstream 401: refresh the token even though it has not expired. Returns a new lease, or null
   * when the account can no longer serve (the refresh may reveal invalid_grant and disable it).
   * `staleAccessToken` is the token that got the 401: when another request has already replaced it (its
   * 401 came back first and its refresh is done), the current token is used without asking Google again —
   * single flight also for the stragglers of a burst.
   */
  async forceRefresh(accountId: string, staleAccessToken?: string): Promise<Lease | null> {
    const entry = this.entries.get(accountId);
    if (!entry || !entry.eligible) return null;
    try {
      const alreadyReplaced =
        staleAccessToken !== undefined && entry.accessToken !== staleAccessToken && entry.expiresAtMs - this.skewMs > this.clock.now();
      if (!alreadyReplaced) await this.ensureFreshToken(entry, true);
      if (!entry.eligible || entry.projectId === null) return null;
      return { accountId: entry.id, email: entry.email, accessToken: entry.accessToken, projectId: entry.projectId };
    } catch (error) {
      if (error instanceof RefreshFailure) return null;
      throw error;
    }
  }

  reportSuccess(accountId: string, model: string): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    const now = this.clock.now();
    entry.modelCooldowns.delete(model);
    entry.modelsNotFound.delete(model);
    entry.lastUsedMs = now;
    // `last_used` reaches the file at most every LAST_USED_WRITE_INTERVAL_MS: no disk write per request.
    if (now - entry.lastUsedWrittenMs < LAST_USED_WRITE_INTERVAL_MS) return;
    entry.lastUsedWrittenMs = now;
    void this.options.store
      .update(accountId, (account) => {
        account.last_used = Math.floor(now / 1000);
      })
      .catch(() => undefined);
  }

  /**
   * Records an upstream failure; with `cooldownMs` the account (or only the model, with `model`) is skipped
   * until then — exactly the reset time the upstream gave, with no artificial cap.
   */
  reportFailure(accountId: string, failure: { class: FailureClass; message: string; cooldownMs?: number; model?: string }): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    const now = this.clock.now();
    entry.failures.add(now);
    entry.lastError = { class: failure.class, message: redactSecrets(failure.message).slice(0, 500), at: now };
    if (failure.class === 'not_found' && failure.model !== undefined && failure.cooldownMs !== undefined && failure.cooldownMs > 0) {
      // Not a rate limit: the account does not serve this model (now). It is skipped for it, and a request finding no
      // other account gets a 404, not a "retry later". Kept to this instance: the catalogue refetch is the shared truth.
      entry.modelsNotFound.set(failure.model, now + failure.cooldownMs);
      this.options.logger.info({ account: entry.email, model: failure.model }, 'Model not found on this account; skipping it for that model');
      this.emit('change', { reason: 'failure', accountId });
      return;
    }
    if (failure.cooldownMs !== undefined && failure.cooldownMs > 0) {
      const until = now + failure.cooldownMs;
      if (failure.model) {
        entry.modelCooldowns.set(failure.model, Math.max(until, entry.modelCooldowns.get(failure.model) ?? 0));
      } else {
        this.coolDownUntil(entry, until, failure.class, entry.lastError.message);
      }
      this.coordinator.publish({
        type: 'cooldown',
        origin: this.instanceId,
        accountId,
        model: failure.model,
        until,
        failureClass: failure.class,
        message: entry.lastError.message,
      });
      this.options.metrics?.cooldown(failure.class);
      this.options.logger.info(
        { account: entry.email, class: failure.class, model: failure.model, cooldownSeconds: Math.ceil(failure.cooldownMs / 1000) },
        'Account cooling down',
      );
    }
    this.emit('change', { reason: 'failure', accountId });
  }

  /** Takes the whole account out of rotation until now + `ms` (never shortens a longer cooldown). */
  private coolDown(entry: PoolEntry, ms: number, failureClass: FailureClass, message: string): void {
    this.coolDownUntil(entry, this.clock.now() + ms, failureClass, message);
  }

  private coolDownUntil(entry: PoolEntry, until: number, failureClass: FailureClass, message: string): void {
    if (until <= entry.cooldownUntil) return;
    entry.cooldownUntil = until;
    entry.cooldownReason = `${failureClass}: ${message}`.slice(0, 300);
    entry.cooldownClass = failureClass;
    this.ready.delete(entry.id);
    this.cooling.push(until, entry);
  }

  /** Forgets the project id (after a project-shaped 403) so the next lease resolves it again. */
  invalidateProject(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (entry) entry.projectId = null;
  }

  /** Clears every cooldown (admin action), on every instance. */
  clearCooldowns(accountId?: string): void {
    this.resetCooldowns(accountId);
    this.coordinator.publish({ type: 'cooldowns-cleared', origin: this.instanceId, accountId });
  }

  private resetCooldowns(accountId?: string): void {
    for (const entry of this.entries.values()) {
      if (accountId !== undefined && entry.id !== accountId) continue;
      entry.cooldownUntil = 0;
      entry.cooldownReason = null;
      entry.cooldownClass = null;
      entry.modelCooldowns.clear();
      entry.modelsNotFound.clear();
      if (entry.eligible) this.ready.add(entry);
    }
    this.emit('change', { reason: 'cooldowns-cleared', accountId });
  }

  private select(context: AcquireContext): { entry: PoolEntry; model: string } | undefined {
    const now = this.clock.now();
    this.readmitCooled(now);
    let chosen = context.model;
    const entry = this.ready.next((candidate) => {
      if (context.tried.has(candidate.id)) return false;
      const model = context.chooseModel === undefined ? context.model : context.chooseModel(candidate.id);
      if (model === undefined || (candidate.modelsNotFound.get(model) ?? 0) > now) return false;
      if ((candidate.modelCooldowns.get(model) ?? 0) > now || this.isQuotaProtected(candidate.file, model)) return false;
      chosen = model;
      return true;
    });
    return entry === undefined ? undefined : { entry, model: chosen };
  }

  /** Brings accounts whose cooldown has ended back into rotation: O(log n) each. */
  private readmitCooled(now: number): void {
    for (;;) {
      const key = this.cooling.peekKey();
      if (key === undefined || key > now) return;
      const item = this.cooling.pop();
      if (!item) return;
      const entry = item.value;
      // Stale heap items (the cooldown was extended or cleared) are skipped.
      if (this.entries.get(entry.id) !== entry || entry.cooldownUntil !== item.key) continue;
      entry.cooldownUntil = 0;
      entry.cooldownReason = null;
      entry.cooldownClass = null;
      if (entry.eligible) this.ready.add(entry);
    }
  }

  private countFor(context: AcquireContext): PoolSnapshotCounts {
    const now = this.clock.now();
    const counts: PoolSnapshotCounts = {
      total: 0,
      disabled: 0,
      proxyDisabled: 0,
      cooling: 0,
      coolingAfterErrors: [],
      soonestReadyAt: undefined,
      quotaProtected: 0,
      notServingModel: 0,
    };
    for (const entry of this.entries.values()) {
      counts.total++;
      if (entry.file.disabled === true) {
        counts.disabled++;
        continue;
      }
      if (isUserProxyDisabled(entry.file)) {
        counts.proxyDisabled++;
        continue;
      }
      const model = context.chooseModel === undefined ? context.model : context.chooseModel(entry.id);
      if (model === undefined || (entry.modelsNotFound.get(model) ?? 0) > now) {
        counts.notServingModel++;
        continue;
      }
      const readyAt = Math.max(entry.cooldownUntil, entry.modelCooldowns.get(model) ?? 0);
      if (readyAt > now) {
        counts.cooling++;
        counts.soonestReadyAt = Math.min(counts.soonestReadyAt ?? Infinity, readyAt);
        // Model cooldowns come only from rate limits; an account-wide one may be an upstream error.
        if (entry.cooldownUntil > now && entry.cooldownClass !== null && !RATE_LIMIT_CLASSES.has(entry.cooldownClass)) {
          counts.coolingAfterErrors.push(entry.cooldownClass);
        }
      } else if (!context.tried.has(entry.id) && this.isQuotaProtected(entry.file, model)) {
        counts.quotaProtected++;
      }
    }
    return counts;
  }

  private upsertEntry(account: AccountFile): void {
    const existing = this.entries.get(account.id);
    const fileExpiry = account.token.expiry_timestamp * 1000;
    const entry: PoolEntry = existing ?? {
      id: account.id,
      email: account.email,
      file: account,
      accessToken: account.token.access_token,
      refreshToken: account.token.refresh_token,
      expiresAtMs: fileExpiry,
      projectId: account.token.project_id ?? null,
      eligible: false,
      cooldownUntil: 0,
      cooldownReason: null,
      cooldownClass: null,
      modelCooldowns: new Map(),
      modelsNotFound: new Map(),
      lastError: null,
      requests: new HourlyCounter(),
      failures: new HourlyCounter(),
      lastUsedMs: 0,
      // The first `last_used` write comes a full interval after load: no write right when an account starts serving.
      lastUsedWrittenMs: this.clock.now(),
      refreshing: null,
      resolvingProject: null,
    };
    const tokensChanged = existing !== undefined && existing.refreshToken !== account.token.refresh_token;
    entry.file = account;
    entry.email = account.email;
    // The file wins when it holds a different refresh token (re-added) or a fresher access token.
    if (!existing || tokensChanged || fileExpiry > entry.expiresAtMs) {
      entry.accessToken = account.token.access_token;
      entry.refreshToken = account.token.refresh_token;
      entry.expiresAtMs = fileExpiry;
    }
    if (account.token.project_id) entry.projectId = account.token.project_id;
    if (tokensChanged) {
      entry.cooldownUntil = 0;
      entry.cooldownReason = null;
      entry.cooldownClass = null;
      entry.modelCooldowns.clear();
      entry.modelsNotFound.clear();
      entry.lastError = null;
    }
    const eligible = account.disabled !== true && !isUserProxyDisabled(account);
    entry.eligible = eligible;
    this.entries.set(account.id, entry);
    if (eligible && entry.cooldownUntil <= this.clock.now()) this.ready.add(entry);
    else this.ready.delete(entry.id);
  }

  private dropEntry(id: string): void {
    this.ready.delete(id);
    this.entries.delete(id);
  }

  private async ensureFreshToken(entry: PoolEntry, force: boolean): Promise<void> {
    if (!force && entry.expiresAtMs - this.skewMs > this.clock.now()) return;
    // Single flight: every request that finds the token stale waits for the same refresh.
    if (!entry.refreshing) {
      const usedRefreshToken = entry.refreshToken;
      entry.refreshing = this.refresh(entry, usedRefreshToken).finally(() => {
        entry.refreshing = null;
      });
    }
    await entry.refreshing;
    if (!entry.eligible) throw new RefreshFailure('invalid_grant', 'account disabled');
  }

  private async refresh(entry: PoolEntry, usedRefreshToken: string): Promise<void> {
    const { oauth, store, logger, metrics } = this.options;
    try {
      const tokens = await oauth.refresh(usedRefreshToken);
      const now = this.clock.now();
      entry.accessToken = tokens.access_token;
      entry.expiresAtMs = now + tokens.expires_in * 1000;
      if (tokens.refresh_token) entry.refreshToken = tokens.refresh_token;
      metrics?.tokenRefresh('success');
      // Field-level write-back: only the token fields, and only if nobody replaced the refresh token meanwhile.
      await store
        .update(entry.id, (account) => {
          if (account.token.refresh_token !== usedRefreshToken) return;
          account.token.access_token = tokens.access_token;
          account.token.expires_in = tokens.expires_in;
          account.token.expiry_timestamp = Math.floor(now / 1000) + tokens.expires_in;
          if (tokens.refresh_token) account.token.refresh_token = tokens.refresh_token;
          if (tokens.id_token) account.token.id_token = tokens.id_token;
        })
        .catch((error: unknown) => {
          logger.warn({ account: entry.email, reason: (error as Error).message }, 'Could not save the refreshed token; using it from memory');
        });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      const message = redactSecrets(error.message);
      entry.failures.add(this.clock.now());
      entry.lastError = { class: error.kind === 'invalid_grant' ? 'invalid_grant' : 'refresh_failed', message, at: this.clock.now() };
      if (error.kind === 'invalid_grant') {
        logger.warn({ event: 'token-refresh-failed', account: entry.email, error: message }, `Token refresh failed (${entry.email}): ${message}, trying next account`);
        await this.disableForInvalidGrant(entry, usedRefreshToken, message.replace(/^invalid_grant:\s*/, ''));
        metrics?.tokenRefresh('invalid_grant');
        throw new RefreshFailure('invalid_grant', message);
      }
      if (error.kind === 'client_config') {
        metrics?.tokenRefresh('client_config');
        if (!this.reportedClientFaults.has(message)) {
          this.reportedClientFaults.add(message);
          logger.error(
            { event: 'oauth-client-rejected', account: entry.email, error: message },
            `Google rejected the OAuth client while refreshing (${entry.email}): ${message}. This is a configuration fault (AGT_GOOGLE_CLIENT_ID / AGT_GOOGLE_CLIENT_SECRET or a token minted by another client); the account is NOT disabled`,
          );
        }
        this.coolDown(entry, REFRESH_CLIENT_FAULT_COOLDOWN_MS, 'refresh_failed', message);
        this.emit('change', { reason: 'refresh-failed', accountId: entry.id });
        throw new RefreshFailure('client_config', message);
      }
      metrics?.tokenRefresh('transient');
      logger.warn({ event: 'token-refresh-failed', account: entry.email, error: message }, `Token refresh failed (${entry.email}): ${message}, trying next account`);
      // A short pause keeps every request from paying a failing round trip while Google is unreachable.
      this.coolDown(entry, REFRESH_TRANSIENT_COOLDOWN_MS, 'refresh_failed', message);
      this.emit('change', { reason: 'refresh-failed', accountId: entry.id });
      throw new RefreshFailure('transient', message);
    }
  }

  private async disableForInvalidGrant(entry: PoolEntry, usedRefreshToken: string, message: string): Promise<void> {
    const { store, logger, metrics } = this.options;
    // Out of the live pool at once, before the disk write, so no concurrent request picks it again.
    entry.eligible = false;
    this.ready.delete(entry.id);
    logger.warn(
      { event: 'account-disabled', account: entry.email, accountId: entry.id, reason: 'invalid_grant' },
      `Disabling account due to invalid_grant (${entry.email}): refresh_token likely revoked/expired`,
    );
    metrics?.invalidGrantDisable();
    try {
      const written = await store.update(entry.id, (account) => {
        // The user re-added the account with a new token while this refresh was in flight: keep it enabled.
        if (account.token.refresh_token !== usedRefreshToken) return;
        return applyInvalidGrant(account, message, Math.floor(this.clock.now() / 1000));
      });
      if (written) this.upsertEntry(written);
    } catch (error) {
      logger.error({ account: entry.email, reason: (error as Error).message }, 'Could not persist the invalid_grant disable; the account stays out of the pool until restart');
      entry.file = applyInvalidGrant(entry.file, message, Math.floor(this.clock.now() / 1000));
    }
    this.coordinator.publish({ type: 'disabled', origin: this.instanceId, accountId: entry.id });
    this.emit('change', { reason: 'disabled', accountId: entry.id });
  }

  private async ensureProject(entry: PoolEntry): Promise<void> {
    if (entry.projectId) return;
    if (!entry.resolvingProject) {
      entry.resolvingProject = this.resolveProject(entry).finally(() => {
        entry.resolvingProject = null;
      });
    }
    await entry.resolvingProject;
    if (!entry.projectId) throw new RefreshFailure('project', 'no project id');
  }

  private async resolveProject(entry: PoolEntry): Promise<void> {
    const { codeAssist, store, logger } = this.options;
    try {
      const { projectId } = await codeAssist.resolveProjectId(entry.accessToken);
      entry.projectId = projectId;
      await store
        .update(entry.id, (account) => {
          account.token.project_id = projectId;
        })
        .catch(() => undefined);
      logger.info({ account: entry.email, projectId }, 'Resolved Cloud Code project');
    } catch (error) {
      const message = redactSecrets((error as Error).message);
      entry.lastError = { class: 'project_problem', message, at: this.clock.now() };
      logger.warn({ account: entry.email, error: message }, `Could not resolve a Cloud Code project (${entry.email}): ${message}`);
      throw new RefreshFailure('project', message);
    }
  }
}
