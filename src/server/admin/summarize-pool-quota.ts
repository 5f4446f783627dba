/** One model's quota as the account file stores it (the desktop app's shape, `models/quota.rs`). */
export interface ModelQuota {
  name: string;
  /** 0-100: remaining quota, floor(remainingFraction × 100). */
  percentage: number;
  /** RFC 3339, or '' when unknown. */
  reset_time: string;
}

export interface AccountQuota {
  id: string;
  email: string;
  state: string;
  /** False for disabled and proxy-disabled accounts: their quota is shown but does not count for the pool. */
  serving: boolean;
  subscription_tier: string | null;
  is_forbidden: boolean;
  /** Unix seconds of the last fetch; null when the account was never fetched. */
  last_updated: number | null;
  models: ModelQuota[];
}

export interface PoolModelQuota {
  name: string;
  /** Serving accounts that reported this model. */
  accounts: number;
  /** Of those, how many have none left. */
  exhausted: number;
  average_percentage: number;
  min_percentage: number;
  max_percentage: number;
  /** Sum over the accounts: 250 means "two and a half accounts' worth left". */
  total_percentage: number;
  /** The soonest reset among the accounts that have used some of it (RFC 3339), null when none has. */
  next_reset: string | null;
}

/** Reads the `quota` field of an account file; anything malformed is left out rather than failing the list. */
export function readModelQuotas(quota: unknown): { models: ModelQuota[]; lastUpdated: number | null; tier: string | null; forbidden: boolean } {
  const record = typeof quota === 'object' && quota !== null ? (quota as Record<string, unknown>) : {};
  const models = Array.isArray(record.models) ? record.models : [];
  return {
    models: models
      .filter((model): model is Record<string, unknown> => typeof model === 'object' && model !== null && typeof (model as { name?: unknown }).name === 'string')
      .map((model) => ({
        name: model.name as string,
        percentage: typeof model.percentage === 'number' && Number.isFinite(model.percentage) ? Math.max(0, Math.min(100, model.percentage)) : 0,
        reset_time: typeof model.reset_time === 'string' ? model.reset_time : '',
      })),
    lastUpdated: typeof record.last_updated === 'number' ? record.last_updated : null,
    tier: typeof record.subscription_tier === 'string' ? record.subscription_tier : null,
    forbidden: record.is_forbidden === true,
  };
}

/** The pool-wide "quota left per model", over the accounts that serve, sorted by model name. */
export function summarizePoolQuota(accounts: readonly AccountQuota[]): PoolModelQuota[] {
  const byModel = new Map<string, ModelQuota[]>();
  for (const account of accounts) {
    if (!account.serving) continue;
    for (const model of account.models) {
      const list = byModel.get(model.name) ?? [];
      list.push(model);
      byModel.set(model.name, list);
    }
  }
  return [...byModel.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, models]) => {
      const percentages = models.map((model) => model.percentage);
      const total = percentages.reduce((sum, value) => sum + value, 0);
      const resets = models
        .filter((model) => model.percentage < 100 && model.reset_time !== '' && Number.isFinite(Date.parse(model.reset_time)))
        .map((model) => model.reset_time)
        .sort((left, right) => Date.parse(left) - Date.parse(right));
      return {
        name,
        accounts: models.length,
        exhausted: percentages.filter((value) => value <= 0).length,
        average_percentage: Math.round(total / models.length),
        min_percentage: Math.min(...percentages),
        max_percentage: Math.max(...percentages),
        total_percentage: total,
        next_reset: resets[0] ?? null,
      };
    });
}
