import type { AccountFile } from '../../accounts/account-schema.js';

/** One model's remaining quota as the account file stores it. */
export interface ModelQuota {
  /** 0-100. */
  percentage: number;
  /** When the quota resets (ms since the epoch), when the file says. */
  resetMs: number | undefined;
}

/** An account's quota per upstream model, read once per file change so selection never parses. */
export interface AccountQuota {
  models: ReadonlyMap<string, ModelQuota>;
}

export const NO_QUOTA: AccountQuota = Object.freeze({ models: new Map<string, ModelQuota>() });

/**
 * Reads `quota.models` of an account file (the desktop app's shape: `{name, percentage, reset_time}`), tolerating what
 * other writers leave there: entries without a name or a number are skipped, percentages are clamped to 0-100.
 */
export function readAccountQuota(account: AccountFile): AccountQuota {
  const quota = account.quota as { models?: unknown } | null | undefined;
  if (!Array.isArray(quota?.models) || quota.models.length === 0) return NO_QUOTA;
  const models = new Map<string, ModelQuota>();
  for (const entry of quota.models as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, percentage, reset_time: resetTime } = entry as { name?: unknown; percentage?: unknown; reset_time?: unknown };
    if (typeof name !== 'string' || name === '' || typeof percentage !== 'number' || !Number.isFinite(percentage)) continue;
    const resetMs = typeof resetTime === 'string' ? Date.parse(resetTime) : typeof resetTime === 'number' ? resetTime * 1000 : Number.NaN;
    models.set(name, { percentage: Math.min(100, Math.max(0, percentage)), resetMs: Number.isFinite(resetMs) ? resetMs : undefined });
  }
  return { models };
}
