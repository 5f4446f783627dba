import { redactSecrets } from '../shared/redact.js';
import { truncateReason } from '../shared/truncate-reason.js';
import type { AccountFile } from './account-schema.js';
import { MAX_REASON_BYTES } from './account-transitions.js';

/** One model's quota in the desktop app's shape (`models/quota.rs`): `percentage` 0-100, `reset_time` RFC 3339. */
export interface QuotaModelEntry {
  name: string;
  percentage: number;
  reset_time: string;
}

/** One 5-hour or weekly window of `retrieveUserQuotaSummary`, in the desktop app's `quota_groups` shape. */
export interface QuotaBucketEntry {
  bucket_id: string;
  window: string;
  remaining_fraction: number;
  reset_time: string;
  display_name?: string;
  description?: string;
}

export interface QuotaGroupEntry {
  display_name: string;
  description?: string;
  buckets: QuotaBucketEntry[];
}

/**
 * What one background or manual quota fetch learned; each field is written only when present, so a fetch that got no
 * summary (403, as the real backend often answers) keeps the groups an earlier one stored.
 */
export interface QuotaSnapshot {
  /** Every model with quota info, from `fetchAvailableModels`. */
  models?: QuotaModelEntry[];
  /** `deprecatedModelIds` as the desktop app stores it: old id → new id. */
  forwardingRules?: Record<string, string>;
  /** The 5-hour / weekly windows from `retrieveUserQuotaSummary`. */
  groups?: QuotaGroupEntry[];
  subscriptionTier?: string;
  /** A 403 on the quota call (`reason` is Google's message); null: the call succeeded, a stored 403 is cleared. */
  forbidden?: { reason: string } | null;
  /** The monitored models the account is below the protection threshold for (top-level `protected_models`). */
  protectedModels?: string[];
}

/**
 * Merges a quota fetch into an account file, field by field (the rest of `quota` and of the file is kept, and so are
 * unknown fields of each model entry), the way the desktop app stores it (reference §2.1). Returns undefined when
 * nothing the fetch owns changed — the caller then writes nothing, not even `last_updated`. A full model's reset time
 * moves with every fetch (the window rolls while nothing is used), so it alone is not a change.
 */
export function applyQuotaSnapshot(account: AccountFile, snapshot: QuotaSnapshot, nowSeconds: number): AccountFile | undefined {
  const previous = isRecord(account.quota) ? account.quota : {};
  const quota: Record<string, unknown> = { ...previous };
  let changed = false;

  if (snapshot.models !== undefined) {
    const models = mergeModels(previous.models, snapshot.models);
    if (models.changed) {
      quota.models = models.value;
      changed = true;
    }
  }
  if (snapshot.forwardingRules !== undefined) {
    const rules = Object.keys(snapshot.forwardingRules).length === 0 ? undefined : snapshot.forwardingRules;
    if (JSON.stringify(previous.model_forwarding_rules) !== JSON.stringify(rules)) {
      if (rules === undefined) delete quota.model_forwarding_rules;
      else quota.model_forwarding_rules = rules;
      changed = true;
    }
  }
  if (snapshot.groups !== undefined && JSON.stringify(previous.quota_groups) !== JSON.stringify(snapshot.groups)) {
    quota.quota_groups = snapshot.groups;
    changed = true;
  }
  if (snapshot.subscriptionTier !== undefined && previous.subscription_tier !== snapshot.subscriptionTier) {
    quota.subscription_tier = snapshot.subscriptionTier;
    changed = true;
  }
  if (snapshot.forbidden === null && previous.is_forbidden === true) {
    quota.is_forbidden = false;
    delete quota.forbidden_reason;
    changed = true;
  } else if (snapshot.forbidden) {
    const reason = truncateReason(redactSecrets(snapshot.forbidden.reason), MAX_REASON_BYTES);
    if (previous.is_forbidden !== true || previous.forbidden_reason !== reason) {
      quota.is_forbidden = true;
      quota.forbidden_reason = reason;
      changed = true;
    }
  }

  const next: AccountFile = { ...account };
  if (snapshot.protectedModels !== undefined) {
    const before = account.protected_models ?? [];
    if (JSON.stringify(before) !== JSON.stringify(snapshot.protectedModels)) {
      if (snapshot.protectedModels.length === 0) delete next.protected_models;
      else next.protected_models = [...snapshot.protectedModels];
      changed = true;
    }
  }
  if (!changed) return undefined;
  quota.last_updated = nowSeconds;
  next.quota = quota;
  return next;
}

function mergeModels(stored: unknown, fetched: QuotaModelEntry[]): { changed: boolean; value: Array<Record<string, unknown>> } {
  const byName = new Map<string, Record<string, unknown>>();
  if (Array.isArray(stored)) for (const entry of stored) if (isRecord(entry) && typeof entry.name === 'string') byName.set(entry.name, entry);
  let changed = !Array.isArray(stored) || stored.length !== fetched.length;
  const value = fetched.map((model, index) => {
    const old = byName.get(model.name);
    if (old === undefined || (Array.isArray(stored) && (stored[index] as { name?: unknown } | undefined)?.name !== model.name)) changed = true;
    const percentageSame = old?.percentage === model.percentage;
    // A model at 100 % has nothing to reset: its rolling reset time is kept as stored, not rewritten every fetch.
    const resetSame = old?.reset_time === model.reset_time || (percentageSame && model.percentage >= 100);
    if (!percentageSame || !resetSame) changed = true;
    return { ...old, name: model.name, percentage: model.percentage, reset_time: resetSame && old !== undefined ? old.reset_time : model.reset_time };
  });
  return { changed, value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
