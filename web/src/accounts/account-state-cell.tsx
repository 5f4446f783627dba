import type { AccountState, AccountView } from '../api';
import { convertEpochToMs } from '../format/convert-epoch-to-ms';
import { formatCountdown } from '../format/format-countdown';
import { formatDateTime } from '../format/format-date-time';
import { formatRelativeTime } from '../format/format-relative-time';
import { getLocale, t } from '../i18n/t';
import type { MessageKey } from '../i18n/en';
import { selectActiveCooldowns } from './select-active-cooldowns';

const BADGES: Record<AccountState, { label: MessageKey; tone: string }> = {
  active: { label: 'state.active', tone: 'green' },
  disabled: { label: 'state.disabledInvalidGrant', tone: 'red' },
  proxy_disabled: { label: 'state.proxyDisabled', tone: 'grey' },
  cooling_down: { label: 'state.coolingDown', tone: 'amber' },
  quota_protected: { label: 'state.quotaProtected', tone: 'blue' },
};

function labelFor(account: AccountView): string {
  if (account.state === 'disabled') {
    const reason = account.disabled_reason ?? '';
    return reason === '' || reason.includes('invalid_grant') ? t('state.disabledInvalidGrant') : t('state.disabled');
  }
  return t(BADGES[account.state]?.label ?? 'state.unknown');
}

function Since({ seconds, now, testId }: { seconds: number | null | undefined; now: number; testId: string }) {
  const ms = convertEpochToMs(seconds);
  if (ms === undefined) return null;
  return (
    <div class="muted small-text" data-testid={testId} data-time={ms}>
      {t('account.since', { time: formatDateTime(ms), relative: formatRelativeTime(ms, now, getLocale()) })}
    </div>
  );
}

/** The state badge plus what explains it: reason and time, a live countdown, the affected models. */
export function AccountStateCell({ account, now }: { account: AccountView; now: number }) {
  const tone = BADGES[account.state]?.tone ?? 'grey';
  const cooldowns = selectActiveCooldowns(account.model_cooldowns, now);
  const protectedModels = account.protected_models ?? [];
  const cooldownUntil = account.cooldown_until ?? 0;

  return (
    <div class="state-cell">
      <span class={`badge badge-${tone}`} data-testid="account-badge" data-state={account.state}>
        {labelFor(account)}
      </span>

      {account.state === 'disabled' && (
        <>
          <div class="reason" data-testid="account-reason" title={account.disabled_reason ?? undefined}>
            {account.disabled_reason || t('account.noReason')}
          </div>
          <Since seconds={account.disabled_at} now={now} testId="account-disabled-at" />
        </>
      )}

      {account.state === 'proxy_disabled' && (
        <>
          <div class="reason" data-testid="account-reason" title={account.proxy_disabled_reason ?? undefined}>
            {account.proxy_disabled_reason || t('account.noReason')}
          </div>
          <Since seconds={account.proxy_disabled_at} now={now} testId="account-proxy-disabled-at" />
        </>
      )}

      {account.state === 'cooling_down' && (
        <>
          <div class="countdown" data-testid="account-countdown">
            {cooldownUntil > now ? t('account.cooldownLeft', { time: formatCountdown(cooldownUntil - now) }) : t('account.cooldownEnding')}
          </div>
          {account.cooldown_reason && (
            <div class="reason" data-testid="account-reason" title={account.cooldown_reason}>
              {account.cooldown_reason}
            </div>
          )}
        </>
      )}

      {account.on_trial === true && account.state === 'active' && (
        <div class="muted small-text" data-testid="account-on-trial">
          {t('account.onTrial')}
        </div>
      )}

      {protectedModels.length > 0 && (
        <div class="model-list" data-testid="account-protected-models">
          <span class="muted">{t('account.protectedModels')}</span>{' '}
          {protectedModels.map((model) => (
            <span key={model} class="chip chip-blue">{model}</span>
          ))}
        </div>
      )}

      {cooldowns.length > 0 && (
        <ul class="model-list cooldown-list" data-testid="account-model-cooldowns">
          <li class="muted">{t('account.modelCooldowns')}</li>
          {cooldowns.map(({ model, until }) => (
            <li key={model}>
              <span class="chip chip-amber">{model}</span> <span class="countdown">{formatCountdown(until - now)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
