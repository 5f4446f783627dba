import type { AccountView } from '../api';

export interface PoolModelQuota {
  name: string;
  /** Serving accounts (not disabled, not proxy-disabled) that reported the model. */
  accounts: number;
  exhausted: number;
  average: number;
  /** Soonest reset (ms) among the accounts that used some of it. */
  nextReset: number | undefined;
}

/**
 * The pool-wide "quota left per model" from the accounts' stored quota (the same figures as `GET /api/quota`):
 * only accounts that serve count, because a disabled account's quota helps no one.
 */
export function summarizePoolQuota(accounts: readonly AccountView[]): PoolModelQuota[] {
  const byModel = new Map<string, { percentages: number[]; resets: number[] }>();
  for (const account of accounts) {
    if (account.state === 'disabled' || account.state === 'proxy_disabled') continue;
    for (const model of account.quota?.models ?? []) {
      const entry = byModel.get(model.name) ?? { percentages: [], resets: [] };
      const percentage = Math.max(0, Math.min(100, Number(model.percentage) || 0));
      entry.percentages.push(percentage);
      const reset = Date.parse(model.reset_time ?? '');
      if (percentage < 100 && Number.isFinite(reset)) entry.resets.push(reset);
      byModel.set(model.name, entry);
    }
  }
  return [...byModel.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, entry]) => ({
      name,
      accounts: entry.percentages.length,
      exhausted: entry.percentages.filter((value) => value <= 0).length,
      average: Math.round(entry.percentages.reduce((sum, value) => sum + value, 0) / entry.percentages.length),
      nextReset: entry.resets.length > 0 ? Math.min(...entry.resets) : undefined,
    }));
}

/** The colour of a quota bar: plenty, getting low, nearly gone. */
export function selectQuotaTone(percentage: number): 'green' | 'amber' | 'red' {
  if (percentage >= 50) return 'green';
  if (percentage >= 20) return 'amber';
  return 'red';
}
