import type { SchedulingMode, Settings, SettingsUpdate } from '../api';
import { t } from '../i18n/t';

/** The scheduling, fixed-account and quota settings as the form edits them (numbers as typed text). */
export interface PoolDraft {
  mode: SchedulingMode;
  maxWaitSeconds: string;
  /** '' = no fixed account */
  preferredAccountId: string;
  protectionEnabled: boolean;
  threshold: string;
  /** Comma- or newline-separated. */
  monitoredModels: string;
  refreshInterval: string;
}

export function convertSettingsToPoolDraft(settings: Settings): PoolDraft {
  return {
    mode: settings.scheduling.mode,
    maxWaitSeconds: String(settings.scheduling.max_wait_seconds),
    preferredAccountId: settings.preferred_account_id ?? '',
    protectionEnabled: settings.quota_protection.enabled,
    threshold: String(settings.quota_protection.threshold_percentage),
    monitoredModels: settings.quota_protection.monitored_models.join(', '),
    refreshInterval: String(settings.quota_refresh_interval),
  };
}

/** `a, b\nc` → `['a', 'b', 'c']` without blanks or repeats. */
export function parseModelList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((model) => model.trim()).filter((model) => model !== ''))];
}

function readWhole(text: string, min: number, max: number): number | undefined {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

export type PoolUpdate = { ok: true; update: SettingsUpdate } | { ok: false; message: string };

/** Only what changed, validated like the gateway validates it (`PUT /api/settings`). */
export function buildPoolSettingsUpdate(settings: Settings, draft: PoolDraft): PoolUpdate {
  const update: SettingsUpdate = {};
  const scheduling: NonNullable<SettingsUpdate['scheduling']> = {};
  if (draft.mode !== settings.scheduling.mode) scheduling.mode = draft.mode;
  if (draft.maxWaitSeconds.trim() !== String(settings.scheduling.max_wait_seconds)) {
    const wait = readWhole(draft.maxWaitSeconds, 0, 3600);
    if (wait === undefined) return { ok: false, message: t('pool.invalidMaxWait') };
    if (wait !== settings.scheduling.max_wait_seconds) scheduling.max_wait_seconds = wait;
  }
  if (Object.keys(scheduling).length > 0) update.scheduling = scheduling;

  const preferred = draft.preferredAccountId === '' ? null : draft.preferredAccountId;
  if (preferred !== settings.preferred_account_id) update.preferred_account_id = preferred;

  const protection: NonNullable<SettingsUpdate['quota_protection']> = {};
  if (draft.protectionEnabled !== settings.quota_protection.enabled) protection.enabled = draft.protectionEnabled;
  if (draft.threshold.trim() !== String(settings.quota_protection.threshold_percentage)) {
    const threshold = readWhole(draft.threshold, 1, 99);
    if (threshold === undefined) return { ok: false, message: t('pool.invalidThreshold') };
    if (threshold !== settings.quota_protection.threshold_percentage) protection.threshold_percentage = threshold;
  }
  const models = parseModelList(draft.monitoredModels);
  if (models.join('\n') !== settings.quota_protection.monitored_models.join('\n')) protection.monitored_models = models;
  if (Object.keys(protection).length > 0) update.quota_protection = protection;

  if (draft.refreshInterval.trim() !== String(settings.quota_refresh_interval)) {
    const interval = readWhole(draft.refreshInterval, 0, 10_080);
    if (interval === undefined) return { ok: false, message: t('pool.invalidRefresh') };
    if (interval !== settings.quota_refresh_interval) update.quota_refresh_interval = interval;
  }
  return { ok: true, update };
}
