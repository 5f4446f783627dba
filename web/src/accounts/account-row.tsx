import type { AccountView } from '../api';
import { convertEpochToMs } from '../format/convert-epoch-to-ms';
import { formatDateTime } from '../format/format-date-time';
import { formatRelativeTime } from '../format/format-relative-time';
import { getLocale, t } from '../i18n/t';
import { AccountStateCell } from './account-state-cell';
import { QuotaBars } from './quota-bars';

export interface AccountActions {
  onToggleProxy: (account: AccountView) => void;
  onDelete: (account: AccountView) => void;
  onReauthorize: (account: AccountView) => void;
  onRefreshQuota: (account: AccountView) => void;
}

interface AccountRowProps extends AccountActions {
  account: AccountView;
  now: number;
  busy: boolean;
  selected: boolean;
  onSelect: (account: AccountView, selected: boolean) => void;
  /** The fixed account of `proxy.preferred_account_id`. */
  preferred: boolean;
}

function TimeAgo({ ms, now }: { ms: number | undefined; now: number }) {
  if (ms === undefined) return <span class="muted">{t('common.never')}</span>;
  return <time title={formatDateTime(ms)} dateTime={new Date(ms).toISOString()}>{formatRelativeTime(ms, now, getLocale())}</time>;
}

/** One account: a table row on wide screens, a card on phones (the stylesheet switches the layout). */
export function AccountRow({ account, now, busy, selected, onSelect, preferred, onToggleProxy, onDelete, onReauthorize, onRefreshQuota }: AccountRowProps) {
  const lastError = account.last_error ?? undefined;
  const requests = account.requests_1h ?? 0;
  const failures = account.failures_1h ?? 0;
  return (
    <tr
      class={`account-row state-${account.state}`}
      data-testid="account-row"
      data-email={account.email}
      data-state={account.state}
      data-id={account.id}
      aria-busy={busy}
    >
      <td class="cell-select">
        <input
          type="checkbox"
          checked={selected}
          data-testid="account-select"
          aria-label={t('accounts.select', { email: account.email })}
          onChange={(event) => onSelect(account, event.currentTarget.checked)}
        />
      </td>
      <td class="cell-account" data-label={t('accounts.column.account')}>
        <div class="email" data-testid="account-email">
          {account.email}
          {preferred && (
            <span class="chip chip-blue fixed-chip" data-testid="account-fixed" title={t('account.fixedHint')}>
              {t('account.fixed')}
            </span>
          )}
        </div>
        {account.name && <div class="muted">{account.name}</div>}
        <div class="muted small-text mono" data-testid="account-project">
          {account.project_id ? t('account.project', { id: account.project_id }) : t('account.noProject')}
        </div>
        <div class="muted small-text">
          {t('accounts.column.lastUsed')}: <TimeAgo ms={convertEpochToMs(account.last_used)} now={now} />
        </div>
      </td>
      <td class="cell-state" data-label={t('accounts.column.state')}>
        <AccountStateCell account={account} now={now} />
      </td>
      <td class="cell-quota" data-label={t('accounts.column.quota')}>
        <QuotaBars account={account} now={now} />
      </td>
      <td class="cell-usage" data-label={t('accounts.column.lastHour')}>
        <span data-testid="account-requests">{t('account.requests', { count: requests })}</span>
        {failures > 0 ? (
          <span class="failures" data-testid="account-failures"> · {t('account.failures', { count: failures })}</span>
        ) : null}
        {lastError !== undefined && (
          <div data-testid="account-last-error" class="last-error">
            <span class="chip">{lastError.class}</span> <TimeAgo ms={convertEpochToMs(lastError.at)} now={now} />
            <div class="reason" title={lastError.message}>{lastError.message}</div>
          </div>
        )}
      </td>
      <td class="cell-actions" data-label={t('accounts.column.actions')}>
        <div class="actions">
          {account.state === 'disabled' && (
            <button type="button" class="small primary" data-testid="reauthorize" disabled={busy} onClick={() => onReauthorize(account)}>
              {t('account.reauthorize')}
            </button>
          )}
          <button type="button" class="small" data-testid="toggle-proxy" data-enabled={!account.proxy_disabled} disabled={busy} onClick={() => onToggleProxy(account)}>
            {account.proxy_disabled ? t('account.enableProxy') : t('account.disableProxy')}
          </button>
          <button type="button" class="small" data-testid="refresh-quota" disabled={busy} onClick={() => onRefreshQuota(account)}>
            {t('account.refreshQuota')}
          </button>
          <button type="button" class="small danger-outline" data-testid="delete-account" disabled={busy} onClick={() => onDelete(account)}>
            {t('account.delete')}
          </button>
        </div>
      </td>
    </tr>
  );
}
