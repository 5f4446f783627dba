import type { AccountFile } from '../accounts/account-schema.js';
import type { QuotaProtectionSettings } from '../config/config-schema.js';
import type { UpstreamFailureClass } from '../google/index.js';
import { HalfOpenGate } from './half-open-gate.js';
import { HourlyCounter } from './hourly-counter.js';
import { selectQuotaProtection, type ProtectionVerdict } from './quota-protection.js';
import { readAccountQuota, type AccountQuota } from './quota/read-account-quota.js';

/** Why an account failed: an upstream class from `classifyUpstreamFailure`, or one the pool itself sees. */
export type FailureClass = UpstreamFailureClass | 'network' | 'empty_stream' | 'refresh_failed' | 'invalid_grant';

/** Cooldowns of these classes are rate limits: CacheFirst may wait for them; the client hears "rate-limited". */
export const RATE_LIMIT_CLASSES: ReadonlySet<FailureClass> = new Set(['rate_limit', 'quota_exhausted', 'capacity']);

/**
 * One account in the live pool: the few fields of its file the pool decides with, its credentials, and what lives only
 * in memory. The file itself is not kept (the dashboard and the CLI read the files). Maps, counters and the half-open
 * gate are allocated on first use (undefined: empty / never happened): most accounts of a large pool see no cooldown,
 * no failure and often no request between two restarts, and ten thousand empty ones would be megabytes of nothing.
 */
export interface PoolEntry {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
  projectId: string | null;
  /** The file's `disabled` (invalid_grant or the user). */
  disabled: boolean;
  /** The file's `proxy_disabled`, set by the user (not by the desktop app's old quota protection). */
  userProxyDisabled: boolean;
  /** Usable by the gateway at all (not disabled, not proxy-disabled). */
  eligible: boolean;
  cooldownUntil: number;
  cooldownReason: string | null;
  /** Why the account-wide cooldown was set; rate limits and upstream errors are reported differently. */
  cooldownClass: FailureClass | null;
  /** Until when each model cools down on this account. */
  modelCooldowns: Map<string, number> | undefined;
  /** Models the backend answered 404 for on this account, until when they are not tried here again. */
  modelsNotFound: Map<string, number> | undefined;
  lastError: { class: string; message: string; at: number } | null;
  requests: HourlyCounter | undefined;
  failures: HourlyCounter | undefined;
  lastUsedMs: number;
  lastUsedWrittenMs: number;
  refreshing: Promise<void> | null;
  resolvingProject: Promise<void> | null;
  /** `quota.models` of the file, read once per change. */
  quota: AccountQuota;
  /** The settings object `protectionVerdicts` were computed with. */
  protectionSettings: QuotaProtectionSettings | undefined;
  /** Quota-protection verdicts per model (null: not protected). */
  protectionVerdicts: Map<string, ProtectionVerdict | null> | undefined;
  /** Leases handed out and not released yet (PerformanceFirst prefers fewer). */
  inFlight: number;
  /** The entry's index in the pool's ReadySet, -1 when it is not there (not eligible, or cooling down). */
  readyPosition: number;
  halfOpen: HalfOpenGate | undefined;
  /** When the background quota fetch last succeeded (ms). */
  quotaCheckedMs: number | null;
}

/** `id` is the account's id as the caller keys it (the file name's, equal to `account.id`), so one string serves both. */
export function createPoolEntry(account: AccountFile, nowMs: number, id: string = account.id): PoolEntry {
  return {
    id,
    email: account.email,
    accessToken: account.token.access_token,
    refreshToken: account.token.refresh_token,
    expiresAtMs: account.token.expiry_timestamp * 1000,
    projectId: account.token.project_id ?? null,
    disabled: account.disabled === true,
    userProxyDisabled: isUserProxyDisabled(account),
    eligible: false,
    cooldownUntil: 0,
    cooldownReason: null,
    cooldownClass: null,
    modelCooldowns: undefined,
    modelsNotFound: undefined,
    lastError: null,
    requests: undefined,
    failures: undefined,
    lastUsedMs: 0,
    // The first `last_used` write comes a full interval after load: no write right when an account starts serving.
    lastUsedWrittenMs: nowMs,
    refreshing: null,
    resolvingProject: null,
    quota: readAccountQuota(account),
    protectionSettings: undefined,
    protectionVerdicts: undefined,
    inFlight: 0,
    readyPosition: -1,
    halfOpen: undefined,
    quotaCheckedMs: null,
  };
}

/** Takes a new version of the account file's quota: protection verdicts are computed again. */
export function setEntryQuota(entry: PoolEntry, account: AccountFile): void {
  entry.quota = readAccountQuota(account);
  entry.protectionVerdicts = undefined;
}

/** The quota-protection verdict for one model, cached until the quota or the settings change. */
export function selectEntryProtection(entry: PoolEntry, model: string, settings: QuotaProtectionSettings): ProtectionVerdict | undefined {
  if (!settings.enabled) return undefined;
  if (entry.protectionSettings !== settings) {
    entry.protectionSettings = settings;
    entry.protectionVerdicts = undefined;
  }
  let verdict = entry.protectionVerdicts?.get(model);
  if (verdict === undefined) {
    verdict = selectQuotaProtection(entry.quota, model, settings) ?? null;
    (entry.protectionVerdicts ??= new Map()).set(model, verdict);
  }
  return verdict ?? undefined;
}

/** Counts one event (a request, a failure) in the entry's counter, allocating it on the first. */
export function countEvent(entry: PoolEntry, counter: 'requests' | 'failures', nowMs: number): void {
  (entry[counter] ??= new HourlyCounter()).add(nowMs);
}

/** Sets a model's cooldown on the account, never shortening a longer one. */
export function coolDownModel(entry: PoolEntry, model: string, until: number): void {
  const cooldowns = (entry.modelCooldowns ??= new Map());
  cooldowns.set(model, Math.max(until, cooldowns.get(model) ?? 0));
}

/** Opens the half-open gate (for `model`, or account-wide without one), allocating it on first use. */
export function openHalfOpenGate(entry: PoolEntry, model?: string): void {
  (entry.halfOpen ??= new HalfOpenGate()).open(model);
}

/** Forgets every cooldown, models not found and the half-open gate (cooldowns cleared, new credentials). */
export function clearEntryCooldowns(entry: PoolEntry): void {
  entry.cooldownUntil = 0;
  entry.cooldownReason = null;
  entry.cooldownClass = null;
  entry.modelCooldowns = undefined;
  entry.modelsNotFound = undefined;
  entry.halfOpen = undefined;
}

/** `proxy_disabled` set by the desktop app's old account-level quota protection is not a user choice. */
export function isUserProxyDisabled(account: AccountFile): boolean {
  return account.proxy_disabled === true && account.proxy_disabled_reason !== 'quota_protection';
}
