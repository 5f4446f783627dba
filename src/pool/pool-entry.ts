import type { AccountFile } from '../accounts/account-schema.js';
import type { QuotaProtectionSettings } from '../config/config-schema.js';
import type { UpstreamFailureClass } from '../google/index.js';
import { HalfOpenGate } from './half-open-gate.js';
import { HourlyCounter } from './hourly-counter.js';
import { LazyMap } from './lazy-map.js';
import { selectQuotaProtection, type ProtectionVerdict } from './quota-protection.js';
import { readAccountQuota, type AccountQuota } from './quota/read-account-quota.js';

/** Why an account failed: an upstream class from `classifyUpstreamFailure`, or one the pool itself sees. */
export type FailureClass = UpstreamFailureClass | 'network' | 'empty_stream' | 'refresh_failed' | 'invalid_grant';

/** Cooldowns of these classes are rate limits: CacheFirst may wait for them; the client hears "rate-limited". */
export const RATE_LIMIT_CLASSES: ReadonlySet<FailureClass> = new Set(['rate_limit', 'quota_exhausted', 'capacity']);

/** One account in the live pool: its file (the truth), its credentials, and what lives only in memory. */
export interface PoolEntry {
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
  modelCooldowns: LazyMap<string, number>;
  /** Models the backend answered 404 for on this account, until when they are not tried here again. */
  modelsNotFound: LazyMap<string, number>;
  lastError: { class: string; message: string; at: number } | null;
  requests: HourlyCounter;
  failures: HourlyCounter;
  lastUsedMs: number;
  lastUsedWrittenMs: number;
  refreshing: Promise<void> | null;
  resolvingProject: Promise<void> | null;
  /** `quota.models` of the file, read once per change. */
  quota: AccountQuota;
  /** Quota-protection verdicts per model, for the settings object they were computed with. */
  protection: { settings: QuotaProtectionSettings | undefined; verdicts: LazyMap<string, ProtectionVerdict | null> };
  /** Leases handed out and not released yet (PerformanceFirst prefers fewer). */
  inFlight: number;
  halfOpen: HalfOpenGate;
  /** When the background quota fetch last succeeded (ms). */
  quotaCheckedMs: number | null;
}

export function createPoolEntry(account: AccountFile, nowMs: number): PoolEntry {
  return {
    id: account.id,
    email: account.email,
    file: account,
    accessToken: account.token.access_token,
    refreshToken: account.token.refresh_token,
    expiresAtMs: account.token.expiry_timestamp * 1000,
    projectId: account.token.project_id ?? null,
    eligible: false,
    cooldownUntil: 0,
    cooldownReason: null,
    cooldownClass: null,
    modelCooldowns: new LazyMap(),
    modelsNotFound: new LazyMap(),
    lastError: null,
    requests: new HourlyCounter(),
    failures: new HourlyCounter(),
    lastUsedMs: 0,
    // The first `last_used` write comes a full interval after load: no write right when an account starts serving.
    lastUsedWrittenMs: nowMs,
    refreshing: null,
    resolvingProject: null,
    quota: readAccountQuota(account),
    protection: { settings: undefined, verdicts: new LazyMap() },
    inFlight: 0,
    halfOpen: new HalfOpenGate(),
    quotaCheckedMs: null,
  };
}

/** Takes a new version of the account file's quota: protection verdicts are computed again. */
export function setEntryQuota(entry: PoolEntry, account: AccountFile): void {
  entry.quota = readAccountQuota(account);
  entry.protection.verdicts.clear();
}

/** The quota-protection verdict for one model, cached until the quota or the settings change. */
export function selectEntryProtection(entry: PoolEntry, model: string, settings: QuotaProtectionSettings): ProtectionVerdict | undefined {
  if (!settings.enabled) return undefined;
  if (entry.protection.settings !== settings) {
    entry.protection.settings = settings;
    entry.protection.verdicts.clear();
  }
  let verdict = entry.protection.verdicts.get(model);
  if (verdict === undefined) {
    verdict = selectQuotaProtection(entry.quota, model, settings) ?? null;
    entry.protection.verdicts.set(model, verdict);
  }
  return verdict ?? undefined;
}

/** `proxy_disabled` set by the desktop app's old account-level quota protection is not a user choice. */
export function isUserProxyDisabled(account: AccountFile): boolean {
  return account.proxy_disabled === true && account.proxy_disabled_reason !== 'quota_protection';
}
