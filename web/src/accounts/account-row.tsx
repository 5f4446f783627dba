import type { AccountView } from '../api';
import { convertEpochToMs } from '../format/convert-epoch-to-ms';
import { formatDateTime } from '../format/format-date-time';
import { formatRelativeTime } from '../format/format-relative-time';
import { getLocale, t } from '../i18n/t';
import { AccountStateCell } from './account-state-cell';

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
}

function TimeAgo({ ms, now }: { ms: number | undefined; now: number }) {
  if (ms === undefined) return <span class="muted">{t('common.never')}</span>;
  return <time title={formatDateTime(ms)} dateTime={new Date(ms).toISOString()}>{formatRelativeTime(ms, now, getLocale())}</time>;
}

function QuotaDetails({ account }: { account: AccountView }) {
  const models = account.quota?.models ?? [];
  if (models.length === 0) return null;
  const updated = convertEpochToMs(account.quota?.last_updated ?? undefined);
  return (
    <details class="quota">
      <summary>{t('account.quotaModels', { count: models.length })}</summary>
      <ul>
        {models.map((model) => (
          <li key={model.name}>
            <span class="quota-name">{model.name}</span>
            <span class="meter" aria-hidden="true">
              <span style={{ width: `${Math.max(0, Math.min(100, model.percentage))}%` }} />
            </span>
            <span class="quota-value">{model.percentage}%</span>
          </li>
        ))}
      </ul>
      {updated !== undefined && <div class="muted small-text">{t('account.quotaUpdated', { time: formatDateTime(updated) })}</div>}
    </details>
  );
}

/** One account: a table row on wide screens, a card on phones (the stylesheet switches the layout). */
export function AccountRow({ account, now, busy, onToggleProxy, onDelete, onReauthorize, onRefreshQuota }: AccountRowProps) {
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
      <td class="cell-account" data-label={t('accounts.column.account')}>
        <div class="email" data-testid="account-email">{account.email}</div>
        {account.name && <div class="muted">{account.name}</div>}
        <div class="muted small-text mono" data-testid="account-project">
          {account.project_id ? t('account.project', { id: account.project_id }) : t('account.noProject')}
        </div>
        <QuotaDetails account={account} />
      </td>
      <td class="cell-state" data-label={t('accounts.column.state')}>
        <AccountStateCell account={account} now={now} />
      </td>
      <td class="cell-usage" data-label={t('accounts.column.lastHour')}>
        <span data-testid="account-requests">{t('account.requests', { count: requests })}</span>
        {failures > 0 ? (
          <span class="failures" data-testid="account-failures"> · {t('account.failures', { count: failures })}</span>
        ) : null}
      </td>
      <td class="cell-error" data-label={t('accounts.column.lastError')}>
        {lastError === undefined ? (
          <span class="muted">–</span>
        ) : (
          <div data-testid="account-last-error">
            <span class="chip">{lastError.class}</span> <TimeAgo ms={convertEpochToMs(lastError.at)} now={now} />
            <div class="reason" title={lastError.message}>{lastError.message}</div>
          </div>
        )}
      </td>
      <td class="cell-used" data-label={t('accounts.column.lastUsed')}>
        <TimeAgo ms={convertEpochToMs(account.last_used)} now={now} />
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
