import type { AccountFile } from '../accounts/index.js';

const BAR_WIDTH = 20;

interface QuotaModel {
  name: string;
  percentage: number;
  reset_time: string;
}

function readModels(account: AccountFile): QuotaModel[] {
  const models = (account.quota as { models?: unknown } | null | undefined)?.models;
  if (!Array.isArray(models)) return [];
  return models
    .filter((model): model is Record<string, unknown> => typeof model === 'object' && model !== null && typeof (model as { name?: unknown }).name === 'string')
    .map((model) => ({
      name: model.name as string,
      percentage: typeof model.percentage === 'number' ? Math.max(0, Math.min(100, model.percentage)) : 0,
      reset_time: typeof model.reset_time === 'string' ? model.reset_time : '',
    }));
}

/** `██████░░░░ 60%`: the remaining quota as a bar of `BAR_WIDTH` cells. */
export function formatQuotaBar(percentage: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percentage)) / 100) * BAR_WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${String(Math.round(percentage)).padStart(3)}%`;
}

/** `2h 05m`, `3d 4h`, `now` for a reset time; '' when unknown. */
export function formatResetIn(resetTime: string, nowMs: number): string {
  const at = Date.parse(resetTime);
  if (!Number.isFinite(at)) return '';
  const minutes = Math.max(0, Math.round((at - nowMs) / 60_000));
  if (minutes === 0) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** One block per account: its state line, then one line per model with a bar and the time to reset. */
export function formatQuotaTable(accounts: AccountFile[], nowMs: number): string {
  if (accounts.length === 0) return 'No accounts.';
  const blocks = accounts.map((account) => {
    const state = account.disabled ? 'disabled' : account.proxy_disabled ? 'proxy_disabled' : 'active';
    const quota = account.quota as { last_updated?: unknown } | null | undefined;
    const updated = typeof quota?.last_updated === 'number' ? new Date(quota.last_updated * 1000).toISOString().replace('T', ' ').slice(0, 16) : null;
    const header = `${account.email} (${account.id.slice(0, 8)}, ${state})${updated ? `  quota fetched ${updated} UTC` : ''}`;
    const models = readModels(account);
    if (models.length === 0) return `${header}\n  no quota fetched yet (dashboard "Refresh quota", or wait for the background refresh)`;
    const width = Math.max(...models.map((model) => model.name.length));
    const lines = models.map((model) => {
      const reset = formatResetIn(model.reset_time, nowMs);
      return `  ${model.name.padEnd(width)}  ${formatQuotaBar(model.percentage)}${reset ? `  resets in ${reset}` : ''}`;
    });
    return [header, ...lines].join('\n');
  });
  return blocks.join('\n\n');
}
