import type { AccountView } from '../api';
import { formatCountdown } from '../format/format-countdown';
import { t } from '../i18n/t';
import { QuotaBar } from './quota-bars';
import { summarizePoolQuota } from './summarize-pool-quota';

/** "Quota left per model" over the whole pool: the average remaining per model across the accounts that serve. */
export function PoolQuotaSummary({ accounts, now }: { accounts: readonly AccountView[]; now: number }) {
  const models = summarizePoolQuota(accounts);
  if (models.length === 0) return null;
  return (
    <section class="card pool-quota" data-testid="pool-quota" aria-labelledby="pool-quota-title">
      <h2 id="pool-quota-title">{t('quota.poolTitle')}</h2>
      <p class="muted small-text">{t('quota.poolHint')}</p>
      <ul class="quota-list pool-quota-list">
        {models.map((model) => (
          <QuotaBar
            key={model.name}
            testId="pool-quota-model"
            name={model.name}
            percentage={model.average}
            resetMs={model.nextReset}
            now={now}
            detail={[
              t('quota.poolDetail', { accounts: model.accounts, exhausted: model.exhausted }),
              model.nextReset !== undefined && model.nextReset > now ? t('quota.nextReset', { time: formatCountdown(model.nextReset - now) }) : '',
            ]
              .filter((part) => part !== '')
              .join(' · ')}
          />
        ))}
      </ul>
    </section>
  );
}
