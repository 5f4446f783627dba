import { EventEmitter } from 'node:events';
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { AccountFile } from '../accounts/account-schema.js';
import { applyInvalidGrant, type AccountStore } from '../accounts/index.js';
import { DEFAULT_SETTINGS, type QuotaProtectionSettings, type SchedulingSettings } from '../config/config-schema.js';
import { OAuthError, type CodeAssistClient, type GoogleOAuthClient } from '../google/index.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { redactSecrets } from '../shared/redact.js';
import { MinHeap } from './min-heap.js';
import {
  buildNoAvailableAccountError,
  emptyAttemptFailures,
  type AttemptFailures,
  type PoolSnapshotCounts,
} from './no-available-account-error.js';
import {
  clearEntryCooldowns,
  coolDownModel,
  countEvent,
  createPoolEntry,
  isUserProxyDisabled,
  openHalfOpenGate,
  RATE_LIMIT_CLASSES,
  selectEntryProtection,
  setEntryQuota,
  type FailureClass,
  type PoolEntry,
} from './pool-entry.js';
import { PoolSelectionView } from './pool-selection-view.js';
import { listProtectedModels } from './quota-protection.js';
import { createMemoryPoolBus, type PoolCoordinator, type PoolEvent } from './pool-coordinator.js';
import { ReadySet } from './ready-set.js';
import {
  ConversationBindings,
  createSchedulingStrategies,
  NO_ACCOUNT,
  selectPreferredAccount,
  type SchedulingMode,
  type SchedulingStrategy,
  type SelectionDecision,
} from './scheduling/index.js';
import { generateId } from '../shared/ids.js';
import { waitUnlessAborted } from './wait-unless-aborted.js';

export type { FailureClass } from './pool-entry.js';

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
  /**
   * The scheduling settings, read on every request (they change live): mode and CacheFirst's wait, the fixed account,
   * quota protection. Defaults (Balance, no fixed account, protection off) when absent.
   */
  settings?: () => PoolSettings;
  /** Shares cooldowns and disables with other gateway instances; in-process only by default. */
  coordinator?: PoolCoordinator;
  /** How long a conversation stays bound to its account after its last request (default one hour). */
  bindingTtlMs?: number;
  /** Uniform [0, 1) numbers for PerformanceFirst's draws (tests make them repeatable). */
  random?: () => number;
  /** Waits `ms` unless `signal` aborts (CacheFirst's wait; tests may shorten it). */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** What the pool reads from the live settings (`proxy.scheduling`, `proxy.preferred_account_id`, `quota_protection`). */
export interface PoolSettings {
  scheduling: SchedulingSettings;
  preferredAccountId: string | null;
  quotaProtection: QuotaProtectionSettings;
}

const DEFAULT_POOL_SETTINGS: PoolSettings = Object.freeze({
  scheduling: DEFAULT_SETTINGS.scheduling,
  preferredAccountId: DEFAULT_SETTINGS.preferredAccountId,
  quotaProtection: DEFAULT_SETTINGS.quotaProtection,
});

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
  /** The conversation the request belongs to: Balance and CacheFirst keep it on one account. */
  conversationId?: string;
  /** The request's deadline (ms since the epoch): CacheFirst never waits beyond it. */
  deadlineMs?: number;
  /** The lease this request holds (set by `acquire`, cleared by `release`). */
  ticket?: number;
}

export function createAcquireContext(
  model: string,
  signal?: AbortSignal,
  chooseModel?: (accountId: string) => string | undefined,
  request: { conversationId?: string; deadlineMs?: number } = {},
): AcquireContext {
  return {
    model,
    chooseModel,
    tried: new Set(),
    failures: emptyAttemptFailures(),
    signal,
    conversationId: request.conversationId === '' ? undefined : request.conversationId,
    deadlineMs: request.deadlineMs,
  };
}

export interface AccountRuntimeState {
  cooldownUntil: number | null;
  cooldownReason: string | null;
  modelCooldowns: Record<string, number>;
  lastError: { class: string; message: string; at: number } | null;
  requests1h: number;
  failures1h: number;
  /** Last successful request (ms), 0 when none since the gateway started. */
  lastUsedMs: number;
  /** Requests in flight on the account now. */
  inFlight: number;
  /** A half-open trial is pending or running: the account is back from a cooldown but has not succeeded yet. */
  onTrial: boolean;
  /** When the quota was last fetched successfully (ms); the file's `last_updated` only moves when the quota changed. */
  quotaCheckedMs: number | null;
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

/** How often one request may wait for its account (CacheFirst) before it must move. */
const MAX_WAITS_PER_REQUEST = 3;
/** A lease not released after this long is counted as finished (a lost release must not skew the load forever). */
const LEASE_MAX_AGE_MS = 15 * 60_000;

/**
 * The live account pool: which accounts may serve, handing one out per request through the scheduling mode's
 * strategy (`scheduling/`: Balance, CacheFirst, PerformanceFirst, the fixed account), keeping access tokens fresh (one
 * refresh per account however many requests wait), cooldowns with half-open re-admission (`half-open-gate.ts`), and —
 * the reason this project exists — what happens on `invalid_grant`: the account is disabled on disk, dropped from the
 * pool at once, both log lines are written, and the caller is handed the next account in the same call.
 *
 * Eligibility is decided in the original app's order: `disabled` → quota protection (per model, from the account
 * file's `quota`, `quota-protection.ts`) → `proxy_disabled`. Memory is a cache of the account files; `reload*` re-reads
 * them, keeping cooldowns, tokens and conversation bindings.
 *
 * Every `acquire` holds a lease until `release` (or the next `acquire` with the same context): the requests in flight
 * per account that PerformanceFirst compares, and the half-open trial.
 *
 * Events: `change` ({ reason, accountId? }) whenever an account's visible state changes.
 */
export class AccountPool extends EventEmitter {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly ready = new ReadySet<PoolEntry>();
  private readonly cooling = new MinHeap<PoolEntry>();
  private readonly clock: Clock;
  private readonly skewMs: number;
  private readonly readSettings: () => PoolSettings;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  private readonly bindings: ConversationBindings;
  private readonly strategies: Record<SchedulingMode, SchedulingStrategy>;
  /** Leases not released yet, oldest first (a Map keeps insertion order). */
  private readonly leases = new Map<number, { entry: PoolEntry; at: number }>();
  private nextTicket = 0;
  private readonly reportedClientFaults = new Set<string>();
  private problems: Array<{ file: string; reason: string }> = [];

  private readonly instanceId = generateId();
  private readonly coordinator: PoolCoordinator;
  private readonly stopListening: () => void;

  constructor(private readonly options: AccountPoolOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.skewMs = (options.refreshSkewSeconds ?? 300) * 1000;
    this.readSettings = options.settings ?? (() => DEFAULT_POOL_SETTINGS);
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, signal === undefined ? undefined : { signal }));
    this.bindings = new ConversationBindings({ ttlMs: options.bindingTtlMs });
    this.strategies = createSchedulingStrategies(this.bindings);
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
      entry.disabled = true;
      this.ready.delete(entry);
      this.bindings.dropAccount(entry.id);
      // The other instance wrote the disable to the shared account file; read it for the reason and time.
      void this.reloadAccounts([entry.id]);
      return;
    }
    if (event.model) coolDownModel(entry, event.model, event.until);
    else this.coolDownUntil(entry, event.until, event.failureClass, event.message);
    this.emit('change', { reason: 'remote-cooldown', accountId: entry.id });
  }

  /** Reads every account file and rebuilds the pool, keeping cooldowns and fresh tokens of known accounts. */
  async load(): Promise<{ loaded: number; problems: Array<{ file: string; reason: string }> }> {
    // Each account is taken as it is read and not kept (the entry holds what the pool needs), so ten thousand parsed
    // files never live at once.
    const known = this.entries.size > 0 ? new Set(this.entries.keys()) : undefined;
    const { count, problems } = await this.options.store.loadEach((account, id) => {
      known?.delete(id);
      this.upsertEntry(account, id);
    });
    this.problems = problems;
    for (const id of known ?? []) this.dropEntry(id);
    this.emit('change', { reason: 'reload' });
    return { loaded: count, problems };
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
    if (entry.disabled) return 'disabled';
    if (entry.userProxyDisabled) return 'proxy_disabled';
    if (entry.cooldownUntil > this.clock.now()) return 'cooling_down';
    if (this.protectedModelsOf(accountId).length > 0) return 'quota_protected';
    return 'active';
  }

  /**
   * The `monitored_models` entries quota protection holds the account back for now: the live settings over the file's
   * quota (the file's own `protected_models` list is written for the desktop app, not read).
   */
  protectedModelsOf(accountId: string): string[] {
    const entry = this.entries.get(accountId);
    if (!entry) return [];
    const { quotaProtection } = this.readSettings();
    if (!quotaProtection.enabled) return [];
    return listProtectedModels(entry.quota, quotaProtection);
  }

  /**
   * The soonest time (ms) a quota reset may lift protection from the account, or undefined (not protected, or the reset
   * time is unknown): the quota refresher fetches the account again right after it.
   */
  protectionResetOf(accountId: string): number | undefined {
    const entry = this.entries.get(accountId);
    const { quotaProtection } = this.readSettings();
    if (!entry || !quotaProtection.enabled) return undefined;
    let soonest: number | undefined;
    for (const model of entry.quota.models.keys()) {
      const verdict = selectEntryProtection(entry, model, quotaProtection);
      if (verdict?.resetMs !== undefined) soonest = Math.min(soonest ?? Infinity, verdict.resetMs);
    }
    return soonest;
  }

  /** The account a conversation is bound to now (Balance, CacheFirst), or undefined. */
  boundAccountOf(conversationId: string): string | undefined {
    return this.bindings.get(conversationId, this.clock.now());
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
    for (const [model, until] of entry.modelCooldowns ?? []) if (until > now) modelCooldowns[model] = until;
    return {
      cooldownUntil: entry.cooldownUntil > now ? entry.cooldownUntil : null,
      cooldownReason: entry.cooldownUntil > now ? entry.cooldownReason : null,
      modelCooldowns,
      lastError: entry.lastError,
      requests1h: entry.requests?.total(now) ?? 0,
      failures1h: entry.failures?.total(now) ?? 0,
      lastUsedMs: entry.lastUsedMs,
      inFlight: entry.inFlight,
      onTrial: entry.halfOpen?.isOpen ?? false,
      quotaCheckedMs: entry.quotaCheckedMs,
    };
  }

  /** The background quota fetch of an account succeeded at `at` (shown as the quota's age on the dashboard). */
  noteQuotaChecked(accountId: string, at: number): void {
    const entry = this.entries.get(accountId);
    if (entry) entry.quotaCheckedMs = at;
  }

  /**
   * Takes an account file this process has just written (a quota refresh) without reading it again: the quota and
   * protection change, cooldowns, tokens and bindings stay as they are.
   */
  applyWrittenAccount(account: AccountFile): void {
    if (!this.entries.has(account.id)) return;
    this.upsertEntry(account);
    this.emit('change', { reason: 'quota', accountId: account.id });
  }

  /**
   * Picks an account for `context.model` with the scheduling mode's strategy (the fixed account first), refreshing its
   * token and resolving its project first. Accounts that fail on the way (invalid_grant, network, no project) are
   * skipped and the next one is tried; throws the GatewayError of `buildNoAvailableAccountError` when none is left.
   * A lease the context still holds is released first; the new one is held until `release(context)`.
   */
  async acquire(context: AcquireContext): Promise<ModelLease> {
    this.release(context);
    let waits = 0;
    for (;;) {
      context.signal?.throwIfAborted();
      const now = this.clock.now();
      this.readmitCooled(now);
      this.expireLeases(now);
      const settings = this.readSettings();
      const view = new PoolSelectionView(this.entries, this.ready, context, now, settings.quotaProtection, this.random);
      const decision = this.decide(context, view, settings, now, waits < MAX_WAITS_PER_REQUEST);
      if (decision.type === 'wait') {
        // CacheFirst: the conversation's account is back soon; wait for it (bounded by the deadline and the signal).
        waits += 1;
        await this.sleep(Math.max(0, decision.until - now), context.signal);
        context.tried.delete(decision.accountId);
        continue;
      }
      const entry = decision.type === 'use' ? this.entries.get(decision.accountId) : undefined;
      const model = entry === undefined ? undefined : view.modelFor(entry);
      if (entry === undefined || model === undefined) {
        throw buildNoAvailableAccountError(this.countFor(context, now), context.failures, now, context.model);
      }
      context.tried.add(entry.id);
      this.hold(context, entry, model, now);
      try {
        // The request stops waiting at its deadline; a shared refresh keeps going for the other waiters. A fresh
        // token and a known project (nearly every request) need no wait at all.
        if (!(entry.expiresAtMs - this.skewMs > this.clock.now()) || !entry.projectId) {
          await waitUnlessAborted(this.ensureFreshToken(entry, false), context.signal);
          await waitUnlessAborted(this.ensureProject(entry), context.signal);
        }
        countEvent(entry, 'requests', this.clock.now());
        return { accountId: entry.id, email: entry.email, accessToken: entry.accessToken, projectId: entry.projectId as string, model };
      } catch (error) {
        this.release(context);
        if (!(error instanceof RefreshFailure)) throw error;
        if (error.kind === 'invalid_grant') context.failures.invalidGrant++;
        else if (error.kind === 'client_config') context.failures.clientConfig++;
        else if (error.kind === 'project') context.failures.projectFailed++;
        else context.failures.refreshTransient++;
      }
    }
  }

  /** The fixed account while it can take the request, else the mode's strategy. */
  private decide(context: AcquireContext, view: PoolSelectionView, settings: PoolSettings, now: number, mayWait: boolean): SelectionDecision {
    const preferred = selectPreferredAccount(settings.preferredAccountId, view);
    if (preferred !== undefined) return { type: 'use', accountId: preferred };
    const strategy = this.strategies[settings.scheduling.mode] ?? this.strategies.Balance;
    const decision = strategy.select(
      { conversationId: context.conversationId, now, maxWaitMs: settings.scheduling.maxWaitSeconds * 1000, deadlineMs: context.deadlineMs, mayWait },
      view,
    );
    return decision ?? NO_ACCOUNT;
  }

  /** Hands the request a lease on `entry`: counted in flight, and the half-open trial when the gate is open. */
  private hold(context: AcquireContext, entry: PoolEntry, model: string, now: number): void {
    const ticket = ++this.nextTicket;
    this.leases.set(ticket, { entry, at: now });
    entry.inFlight += 1;
    entry.halfOpen?.claim(model, ticket, now);
    context.ticket = ticket;
  }

  /**
   * Ends the request's lease: one request fewer in flight on its account, and a half-open trial that did not succeed
   * lets the next request try. Call once the response is over (or failed); calling again does nothing.
   */
  release(context: AcquireContext): void {
    const ticket = context.ticket;
    if (ticket === undefined) return;
    context.ticket = undefined;
    this.releaseTicket(ticket);
  }

  private releaseTicket(ticket: number): void {
    const lease = this.leases.get(ticket);
    if (lease === undefined) return;
    this.leases.delete(ticket);
    lease.entry.inFlight = Math.max(0, lease.entry.inFlight - 1);
    lease.entry.halfOpen?.release(ticket);
  }

  /** Leases older than LEASE_MAX_AGE_MS are counted as finished (oldest first: O(1) amortized). */
  private expireLeases(now: number): void {
    for (const [ticket, lease] of this.leases) {
      if (now - lease.at < LEASE_MAX_AGE_MS) return;
      this.releaseTicket(ticket);
    }
  }

  /** Requests in flight on the account (leases not released yet). */
  inFlightOf(accountId: string): number {
    return this.entries.get(accountId)?.inFlight ?? 0;
  }

  /**
   * Fresh credentials of one account for background work (its model catalogue and quota): the same single-flight
   * refresh and project resolution a request uses, without counting as a request. A refresh already in flight (even a
   * forced one after a 401) is waited for, so background work never races a token refresh — the desktop app's quota
   * refresh does (reference §11). Null when the account cannot serve (ineligible, refresh failed — an invalid_grant
   * disables it as usual — or no project).
   */
  async borrowCredentials(accountId: string, signal?: AbortSignal): Promise<{ accessToken: string; projectId: string } | null> {
    const entry = this.entries.get(accountId);
    if (!entry || !entry.eligible) return null;
    try {
      if (entry.refreshing) await waitUnlessAborted(entry.refreshing, signal).catch((error: unknown) => {
        if (signal?.aborted) throw error;
      });
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
    entry.modelCooldowns?.delete(model);
    entry.modelsNotFound?.delete(model);
    entry.halfOpen?.succeed(model);
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
    countEvent(entry, 'failures', now);
    entry.lastError = { class: failure.class, message: redactSecrets(failure.message).slice(0, 500), at: now };
    if (failure.class === 'not_found' && failure.model !== undefined && failure.cooldownMs !== undefined && failure.cooldownMs > 0) {
      // Not a rate limit: the account does not serve this model (now). It is skipped for it, and a request finding no
      // other account gets a 404, not a "retry later". Kept to this instance: the catalogue refetch is the shared truth.
      (entry.modelsNotFound ??= new Map()).set(failure.model, now + failure.cooldownMs);
      this.options.logger.info({ account: entry.email, model: failure.model }, 'Model not found on this account; skipping it for that model');
      this.emit('change', { reason: 'failure', accountId });
      return;
    }
    if (failure.cooldownMs !== undefined && failure.cooldownMs > 0) {
      const until = now + failure.cooldownMs;
      if (failure.model) {
        coolDownModel(entry, failure.model, until);
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
    this.ready.delete(entry);
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
      clearEntryCooldowns(entry);
      if (entry.eligible) this.ready.add(entry);
    }
    this.emit('change', { reason: 'cooldowns-cleared', accountId });
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
      // Half-open: the first request to pick it again is a trial; the others go elsewhere until it succeeds.
      openHalfOpenGate(entry);
      if (entry.eligible) this.ready.add(entry);
    }
  }

  private countFor(context: AcquireContext, now: number): PoolSnapshotCounts {
    const { quotaProtection } = this.readSettings();
    const view = new PoolSelectionView(this.entries, this.ready, context, now, undefined, this.random);
    const counts: PoolSnapshotCounts = {
      total: 0,
      disabled: 0,
      proxyDisabled: 0,
      cooling: 0,
      coolingAfterErrors: [],
      soonestReadyAt: undefined,
      quotaProtected: 0,
      soonestProtectionResetAt: undefined,
      protectionThreshold: quotaProtection.thresholdPercentage,
      notServingModel: 0,
    };
    for (const entry of this.entries.values()) {
      counts.total++;
      if (entry.disabled) {
        counts.disabled++;
        continue;
      }
      if (entry.userProxyDisabled) {
        counts.proxyDisabled++;
        continue;
      }
      const model = view.modelFor(entry);
      if (model === undefined || (entry.modelsNotFound?.get(model) ?? 0) > now) {
        counts.notServingModel++;
        continue;
      }
      const readyAt = Math.max(entry.cooldownUntil, entry.modelCooldowns?.get(model) ?? 0);
      if (readyAt > now) {
        counts.cooling++;
        counts.soonestReadyAt = Math.min(counts.soonestReadyAt ?? Infinity, readyAt);
        // Model cooldowns come only from rate limits; an account-wide one may be an upstream error.
        if (entry.cooldownUntil > now && entry.cooldownClass !== null && !RATE_LIMIT_CLASSES.has(entry.cooldownClass)) {
          counts.coolingAfterErrors.push(entry.cooldownClass);
        }
        continue;
      }
      const protection = selectEntryProtection(entry, model, quotaProtection);
      if (protection !== undefined && !context.tried.has(entry.id)) {
        counts.quotaProtected++;
        if (protection.resetMs !== undefined) counts.soonestProtectionResetAt = Math.min(counts.soonestProtectionResetAt ?? Infinity, protection.resetMs);
      }
    }
    return counts;
  }

  /**
   * Takes a version of an account file into the pool; nothing of `account` but the fields the pool decides with is kept.
   * `id` is the caller's string for `account.id` (the bulk load's file name), so the entry and its keys share one.
   */
  private upsertEntry(account: AccountFile, id: string = account.id): void {
    const existing = this.entries.get(id);
    const fileExpiry = account.token.expiry_timestamp * 1000;
    const entry: PoolEntry = existing ?? createPoolEntry(account, this.clock.now(), id);
    const tokensChanged = existing !== undefined && existing.refreshToken !== account.token.refresh_token;
    entry.disabled = account.disabled === true;
    entry.userProxyDisabled = isUserProxyDisabled(account);
    if (entry.email !== account.email) entry.email = account.email;
    setEntryQuota(entry, account);
    // The file wins when it holds a different refresh token (re-added) or a fresher access token.
    if (!existing || tokensChanged || fileExpiry > entry.expiresAtMs) {
      entry.accessToken = account.token.access_token;
      entry.refreshToken = account.token.refresh_token;
      entry.expiresAtMs = fileExpiry;
    }
    if (account.token.project_id) entry.projectId = account.token.project_id;
    if (tokensChanged) {
      clearEntryCooldowns(entry);
      entry.lastError = null;
    }
    const eligible = !entry.disabled && !entry.userProxyDisabled;
    entry.eligible = eligible;
    if (existing === undefined) this.entries.set(id, entry);
    if (eligible && entry.cooldownUntil <= this.clock.now()) this.ready.add(entry);
    else this.ready.delete(entry);
    // Conversations bound to an account that can no longer serve at all move on; other changes keep the bindings.
    if (!eligible) this.bindings.dropAccount(id);
  }

  private dropEntry(id: string): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) this.ready.delete(entry);
    this.entries.delete(id);
    this.bindings.dropAccount(id);
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
      countEvent(entry, 'failures', this.clock.now());
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
    this.ready.delete(entry);
    this.bindings.dropAccount(entry.id);
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
      entry.disabled = true;
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
