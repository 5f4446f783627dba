import type { QuotaProtectionSettings } from '../config/config-schema.js';
import type { AccountQuota } from './quota/read-account-quota.js';

/**
 * The quota group a model belongs to, as the desktop app names them in `protected_models` and in the default
 * `monitored_models` (`claude`, `gemini-3-pro-high`, `gemini-3-flash`, `gemini-3.1-flash-image`, `gemini-3-pro-image`;
 * its `normalize_to_standard_id`, reference §7.5).
 */
export function mapModelToQuotaGroup(model: string): string | null {
  const name = model.toLowerCase();
  if (name.includes('image')) return name.includes('flash') ? 'gemini-3.1-flash-image' : 'gemini-3-pro-image';
  if (name.includes('flash')) return 'gemini-3-flash';
  if (name.includes('pro')) return 'gemini-3-pro-high';
  if (/claude|opus|sonnet|haiku/.test(name)) return 'claude';
  return null;
}

/**
 * Whether a `monitored_models` entry covers an upstream model: the model's own name, a family prefix (`claude`
 * covers `claude-sonnet-4-6`; `gemini-3.1-pro` covers `gemini-3.1-pro-low`), or one of the desktop app's group ids,
 * which cover every model of their group (`gemini-3-pro-high` covers `gemini-pro-agent` and `gemini-3.1-pro-low`), so
 * its default list keeps working.
 */
export function matchesMonitoredModel(entry: string, model: string): boolean {
  const wanted = entry.trim().toLowerCase();
  if (wanted === '') return false;
  const name = model.toLowerCase();
  if (name === wanted || name.startsWith(`${wanted}-`)) return true;
  return mapModelToQuotaGroup(name) === wanted;
}

/** Why quota protection holds an account back for a model. */
export interface ProtectionVerdict {
  /** The `monitored_models` entry that protects the model. */
  entry: string;
  /** The best quota left among the account's models the entry covers (0-100). */
  percentage: number;
  /** The soonest of their reset times (ms), when known: the account can serve again after a refresh shows the reset. */
  resetMs: number | undefined;
}

/**
 * Quota protection for one account and one upstream model: undefined when the account may serve it. For each
 * monitored entry that covers the model, the account's models the entry covers form a group, and the group's best
 * variant decides (the desktop app's rule, so Pro Low at 0 % and Pro High at 100 % do not conflict): below the
 * threshold, the account is skipped for this model only. An account with no quota data for the group is never held
 * back (the desktop app would not use it at all, reference §11 weakness 8).
 */
export function selectQuotaProtection(quota: AccountQuota, model: string, settings: QuotaProtectionSettings): ProtectionVerdict | undefined {
  if (!settings.enabled || quota.models.size === 0) return undefined;
  for (const entry of settings.monitoredModels) {
    if (!matchesMonitoredModel(entry, model)) continue;
    const verdict = computeGroupVerdict(quota, entry, settings.thresholdPercentage);
    if (verdict !== undefined) return verdict;
  }
  return undefined;
}

/** The monitored entries the account is below the threshold for: the file's `protected_models`, as the desktop app keeps it. */
export function listProtectedModels(quota: AccountQuota, settings: QuotaProtectionSettings): string[] {
  if (!settings.enabled) return [];
  return settings.monitoredModels.filter((entry) => computeGroupVerdict(quota, entry, settings.thresholdPercentage) !== undefined);
}

function computeGroupVerdict(quota: AccountQuota, entry: string, threshold: number): ProtectionVerdict | undefined {
  let best = -1;
  let resetMs: number | undefined;
  for (const [name, model] of quota.models) {
    if (!matchesMonitoredModel(entry, name)) continue;
    best = Math.max(best, model.percentage);
    if (model.resetMs !== undefined && model.percentage < 100) resetMs = Math.min(resetMs ?? Infinity, model.resetMs);
  }
  if (best < 0 || best >= threshold) return undefined;
  return { entry, percentage: best, resetMs };
}
