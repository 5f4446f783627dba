import { SCHEDULING_MODES } from '../api';
import type { AccountView, SchedulingMode } from '../api';
import { t } from '../i18n/t';
import type { MessageKey } from '../i18n/en';
import type { PoolDraft } from './pool-settings-draft';

const MODE_HINTS: Record<SchedulingMode, MessageKey> = {
  CacheFirst: 'pool.mode.cacheFirst',
  Balance: 'pool.mode.balance',
  PerformanceFirst: 'pool.mode.performanceFirst',
};

interface PoolSettingsFieldsProps {
  draft: PoolDraft;
  accounts: readonly AccountView[];
  onChange: (patch: Partial<PoolDraft>) => void;
}

/**
 * Scheduling mode, fixed account, quota protection and the quota refresh: Antigravity Tools' settings
 * (`proxy.scheduling`, `proxy.preferred_account_id`, `quota_protection`, `refresh_interval`).
 */
export function PoolSettingsFields({ draft, accounts, onChange }: PoolSettingsFieldsProps) {
  const knownPreferred = draft.preferredAccountId === '' || accounts.some((account) => account.id === draft.preferredAccountId);
  return (
    <>
      <h2>{t('pool.scheduling')}</h2>
      <div class="form-grid">
        <label class="field">
          <span class="label">{t('pool.mode')}</span>
          <select value={draft.mode} data-testid="proxy-scheduling-mode" onChange={(event) => onChange({ mode: event.currentTarget.value as SchedulingMode })}>
            {SCHEDULING_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {mode}
              </option>
            ))}
          </select>
          <span class="muted small-text">{t(MODE_HINTS[draft.mode])}</span>
        </label>
        <label class="field">
          <span class="label">{t('pool.maxWait')}</span>
          <input
            type="number"
            min={0}
            max={3600}
            value={draft.maxWaitSeconds}
            disabled={draft.mode !== 'CacheFirst'}
            data-testid="proxy-max-wait"
            onInput={(event) => onChange({ maxWaitSeconds: event.currentTarget.value })}
          />
          <span class="muted small-text">{t('pool.maxWaitHint')}</span>
        </label>
        <label class="field">
          <span class="label">{t('pool.fixedAccount')}</span>
          <select value={draft.preferredAccountId} data-testid="proxy-preferred-account" onChange={(event) => onChange({ preferredAccountId: event.currentTarget.value })}>
            <option value="">{t('pool.noFixedAccount')}</option>
            {!knownPreferred && <option value={draft.preferredAccountId}>{t('pool.unknownAccount', { id: draft.preferredAccountId })}</option>}
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.email}
                {account.state === 'active' ? '' : ` (${account.state})`}
              </option>
            ))}
          </select>
          <span class="muted small-text">{t('pool.fixedAccountHint')}</span>
        </label>
      </div>

      <h2>{t('pool.quota')}</h2>
      <div class="form-grid">
        <div class="field">
          <label class="check">
            <input
              type="checkbox"
              checked={draft.protectionEnabled}
              data-testid="proxy-quota-protection"
              onChange={(event) => onChange({ protectionEnabled: event.currentTarget.checked })}
            />
            <span>{t('pool.protection')}</span>
          </label>
          <span class="muted small-text">{t('pool.protectionHint')}</span>
        </div>
        <label class="field">
          <span class="label">{t('pool.threshold')}</span>
          <input
            type="number"
            min={1}
            max={99}
            value={draft.threshold}
            data-testid="proxy-quota-threshold"
            onInput={(event) => onChange({ threshold: event.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span class="label">{t('pool.monitoredModels')}</span>
          <textarea
            rows={2}
            spellcheck={false}
            value={draft.monitoredModels}
            data-testid="proxy-quota-models"
            onInput={(event) => onChange({ monitoredModels: event.currentTarget.value })}
          />
          <span class="muted small-text">{t('pool.monitoredModelsHint')}</span>
        </label>
        <label class="field">
          <span class="label">{t('pool.refreshInterval')}</span>
          <input
            type="number"
            min={0}
            max={10080}
            value={draft.refreshInterval}
            data-testid="proxy-quota-refresh"
            onInput={(event) => onChange({ refreshInterval: event.currentTarget.value })}
          />
          <span class="muted small-text">{t('pool.refreshIntervalHint')}</span>
        </label>
      </div>
    </>
  );
}
