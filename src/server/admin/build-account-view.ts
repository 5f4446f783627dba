import type { AccountFile } from '../../accounts/account-schema.js';
import type { AccountPool } from '../../pool/index.js';

export type AccountState = 'active' | 'disabled' | 'proxy_disabled' | 'cooling_down' | 'quota_protected';

export interface AccountView {
  id: string;
  email: string;
  name: string | null;
  state: AccountState;
  disabled: boolean;
  disabled_at: number | null;
  disabled_reason: string | null;
  proxy_disabled: boolean;
  proxy_disabled_at: number | null;
  proxy_disabled_reason: string | null;
  cooldown_until: number | null;
  cooldown_reason: string | null;
  model_cooldowns: Record<string, number>;
  protected_models: string[];
  project_id: string | null;
  last_error: { class: string; message: string; at: number } | null;
  requests_1h: number;
  failures_1h: number;
  /** Requests in flight on the account now. */
  in_flight: number;
  /** Back from a cooldown, waiting for its half-open trial request to succeed. */
  on_trial: boolean;
  quota: unknown;
  created_at: number | null;
  last_used: number | null;
}

/** An account file plus the pool's runtime state, as the dashboard shows it (no tokens). */
export function buildAccountView(account: AccountFile, pool: AccountPool): AccountView {
  const runtime = pool.runtimeState(account.id);
  const disabled = account.disabled === true;
  const proxyDisabled = account.proxy_disabled === true && account.proxy_disabled_reason !== 'quota_protection';
  const cooling = runtime?.cooldownUntil != null;
  // Quota protection is decided live (the settings of now, the quota in the file), as the pool decides it.
  const protectedModels = pool.protectedModelsOf(account.id);
  const state: AccountState = disabled
    ? 'disabled'
    : proxyDisabled
      ? 'proxy_disabled'
      : cooling
        ? 'cooling_down'
        : protectedModels.length > 0
          ? 'quota_protected'
          : 'active';
  return {
    id: account.id,
    email: account.email,
    name: account.name ?? null,
    state,
    disabled,
    disabled_at: account.disabled_at ?? null,
    disabled_reason: account.disabled_reason ?? null,
    proxy_disabled: proxyDisabled,
    proxy_disabled_at: account.proxy_disabled_at ?? null,
    proxy_disabled_reason: account.proxy_disabled_reason ?? null,
    cooldown_until: runtime?.cooldownUntil ?? null,
    cooldown_reason: runtime?.cooldownReason ?? null,
    model_cooldowns: runtime?.modelCooldowns ?? {},
    protected_models: protectedModels,
    project_id: account.token.project_id ?? null,
    last_error: runtime?.lastError ?? null,
    requests_1h: runtime?.requests1h ?? 0,
    failures_1h: runtime?.failures1h ?? 0,
    in_flight: runtime?.inFlight ?? 0,
    on_trial: runtime?.onTrial ?? false,
    quota: withCheckedTime(account.quota, runtime?.quotaCheckedMs ?? null),
    created_at: account.created_at ?? null,
    last_used: Math.max(account.last_used ?? 0, Math.floor((runtime?.lastUsedMs ?? 0) / 1000)) || null,
  };
}

/**
 * The quota as the file has it, with `last_updated` moved to the last successful fetch: the file is written only when
 * the quota changed, but the dashboard should say how fresh it is.
 */
function withCheckedTime(quota: AccountFile['quota'], checkedMs: number | null): unknown {
  if (quota === undefined || quota === null) return null;
  if (checkedMs === null) return quota;
  const checked = Math.floor(checkedMs / 1000);
  const stored = typeof quota.last_updated === 'number' ? quota.last_updated : 0;
  return checked > stored ? { ...quota, last_updated: checked } : quota;
}
