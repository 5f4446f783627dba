import type { AccountView } from '../api';
import { convertEpochToMs } from '../format/convert-epoch-to-ms';
import { formatCountdown } from '../format/format-countdown';
import { formatDateTime } from '../format/format-date-time';
import { formatRelativeTime } from '../format/format-relative-time';
import { getLocale, t } from '../i18n/t';
import { selectQuotaTone } from './summarize-pool-quota';

/** One model's remaining quota as a bar, with the time to its reset. */
export function QuotaBar({ name, percentage, resetMs, now, testId = 'quota-bar', detail }: { name: string; percentage: number; resetMs: number | undefined; now: number; testId?: string; detail?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percentage)));
  const tone = selectQuotaTone(value);
  const resetText = resetMs === undefined ? undefined : resetMs > now ? formatCountdown(resetMs - now) : t('quota.resetting');
  return (
    <li class="quota-item" data-testid={testId} data-model={name} data-percentage={value} title={resetMs === undefined ? name : `${name} · ${t('quota.resetsAt', { time: formatDateTime(resetMs) })}`}>
      <span class="quota-name">{name}</span>
      <span class={`meter meter-${tone}`} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={name}>
        <span style={{ width: `${value}%` }} />
      </span>
      <span class="quota-value">{value}%</span>
      <span class="quota-reset muted" data-testid="quota-reset">
        {detail ?? (resetText !== undefined && value < 100 ? t('quota.resetsIn', { time: resetText }) : '')}
      </span>
    </li>
  );
}

/** Every model's quota of one account, always visible (no click), with when it was fetched. */
export function QuotaBars({ account, now }: { account: AccountView; now: number }) {
  const models = [...(account.quota?.models ?? [])].sort((left, right) => left.name.localeCompare(right.name));
  const updated = convertEpochToMs(account.quota?.last_updated ?? undefined);
  // A 403 on the quota call is shown where the quota is, with Google's reason (the account keeps serving).
  const forbidden = account.quota?.is_forbidden === true && (
    <div class="reason" data-testid="account-quota-forbidden" title={account.quota?.forbidden_reason ?? undefined}>
      {t('quota.forbidden')}
      {account.quota?.forbidden_reason ? `: ${account.quota.forbidden_reason}` : ''}
    </div>
  );
  if (models.length === 0) {
    return (
      <span class="muted small-text" data-testid="account-quota" data-models={0}>
        {t('quota.none')}
        {forbidden}
      </span>
    );
  }
  return (
    <div class="quota" data-testid="account-quota" data-models={models.length}>
      {forbidden}
      <ul class="quota-list">
        {models.map((model) => {
          const reset = Date.parse(model.reset_time ?? '');
          return <QuotaBar key={model.name} name={model.name} percentage={model.percentage} resetMs={Number.isFinite(reset) ? reset : undefined} now={now} />;
        })}
      </ul>
      {updated !== undefined && (
        <div class="muted small-text" data-testid="account-quota-updated">
          {t('account.quotaUpdated', { time: formatRelativeTime(updated, now, getLocale()) })}
        </div>
      )}
    </div>
  );
}
