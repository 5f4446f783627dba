import type { QuotaGroupEntry, QuotaModelEntry } from '../../accounts/index.js';
import type { FetchAvailableModelsResponse, LoadCodeAssistResponse, QuotaSummaryResponse } from '../../google/index.js';

/** IDE helpers the backend lists besides the chat models (`chat_20706`, `tab_flash_lite_preview`): no quota to show. */
const INTERNAL_MODEL = /^(chat|tab)_/;

/**
 * `fetchAvailableModels` → the account file's `quota.models` in the desktop app's shape (reference §2.1, §8): every
 * model that has `quotaInfo`, `percentage` = floor(remainingFraction × 100) — an absent fraction is 0 %, because
 * proto3 JSON leaves a zero out — and `reset_time` as the backend sent it. Sorted by name, so the file does not change
 * when only the backend's order does.
 */
export function buildQuotaModels(reply: FetchAvailableModelsResponse): QuotaModelEntry[] {
  const models: QuotaModelEntry[] = [];
  for (const [name, info] of Object.entries(reply.models ?? {})) {
    if (!info?.quotaInfo || INTERNAL_MODEL.test(name) || (info as { isInternal?: unknown }).isInternal === true) continue;
    const fraction = info.quotaInfo.remainingFraction;
    const clamped = typeof fraction === 'number' && Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    // The epsilon keeps 0.29 at 29 % (0.29 × 100 is 28.999… in binary floating point).
    models.push({ name, percentage: Math.floor(clamped * 100 + 1e-9), reset_time: info.quotaInfo.resetTime ?? '' });
  }
  return models.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

/** `deprecatedModelIds` → the desktop app's `model_forwarding_rules` (old id → new id). */
export function buildForwardingRules(reply: FetchAvailableModelsResponse): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const [oldId, replacement] of Object.entries(reply.deprecatedModelIds ?? {})) {
    const newId = replacement?.newModelId;
    if (typeof newId === 'string' && newId !== '' && newId !== oldId) rules[oldId] = newId;
  }
  return rules;
}

/** `retrieveUserQuotaSummary` → the desktop app's `quota_groups` (snake_case; fractions 0-1). */
export function buildQuotaGroups(reply: QuotaSummaryResponse): QuotaGroupEntry[] {
  return (reply.groups ?? []).map((group) => {
    const entry: QuotaGroupEntry = {
      display_name: group.displayName ?? '',
      buckets: (group.buckets ?? []).map((bucket) => {
        const fraction = bucket.remainingFraction;
        const out: QuotaGroupEntry['buckets'][number] = {
          bucket_id: bucket.bucketId ?? '',
          window: bucket.window ?? '',
          remaining_fraction: typeof fraction === 'number' && Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0,
          reset_time: bucket.resetTime ?? '',
        };
        if (bucket.displayName) out.display_name = bucket.displayName;
        if (bucket.description) out.description = bucket.description;
        return out;
      }),
    };
    if (group.description) entry.description = group.description;
    return entry;
  });
}

/** The subscription tier as the desktop app records it: the paid tier's name or id, else the current tier's. */
export function buildSubscriptionTier(reply: LoadCodeAssistResponse): string | undefined {
  const tier = reply.paidTier?.name ?? reply.paidTier?.id ?? reply.currentTier?.name ?? reply.currentTier?.id;
  return typeof tier === 'string' && tier !== '' ? tier : undefined;
}
