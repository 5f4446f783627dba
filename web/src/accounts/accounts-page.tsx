import { useState } from 'preact/hooks';
import { deleteAccount, refreshAccountQuota, reloadAccounts, toggleAccountProxy } from '../api';
import type { AccountState, AccountView, AddAccountResult } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { describeError } from '../components/describe-error';
import { Dialog } from '../components/dialog';
import { NoticeBar } from '../components/notice-bar';
import type { Notice } from '../components/notice-bar';
import { useNow } from '../hooks/use-now';
import { t } from '../i18n/t';
import type { MessageKey } from '../i18n/en';
import { AccountRow } from './account-row';
import { DisableProxyDialog } from './disable-proxy-dialog';
import { OAuthDialog } from './oauth-dialog';
import { ConfigFaultsBanner } from '../proxy/config-faults-banner';
import { ProblemsBanner } from './problems-banner';
import { RefreshTokenForm, describeAddResult } from './refresh-token-form';
import { sortAccounts } from './sort-accounts';
import { summarizeAccounts } from './summarize-accounts';
import { useAccounts } from './use-accounts';
import { useOAuthFlow } from './use-oauth-flow';

type OpenDialog =
  | { kind: 'add-token' }
  | { kind: 'oauth'; email?: string }
  | { kind: 'disable'; account: AccountView }
  | { kind: 'delete'; account: AccountView };

const SUMMARY_CHIPS: ReadonlyArray<{ state: AccountState; label: MessageKey; tone: string }> = [
  { state: 'active', label: 'state.active', tone: 'green' },
  { state: 'disabled', label: 'state.disabled', tone: 'red' },
  { state: 'proxy_disabled', label: 'state.proxyDisabled', tone: 'grey' },
  { state: 'cooling_down', label: 'state.coolingDown', tone: 'amber' },
  { state: 'quota_protected', label: 'state.quotaProtected', tone: 'blue' },
];

export function AccountsPage() {
  const { list, loadError, refetch, replaceAccount } = useAccounts();
  const now = useNow(1000);
  const [dialog, setDialog] = useState<OpenDialog>();
  const [notice, setNotice] = useState<Notice>();
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const [oauthAccountId, setOAuthAccountId] = useState<string>();

  const oauth = useOAuthFlow((accountId) => {
    setOAuthAccountId(accountId);
    refetch();
  });

  const accounts = sortAccounts(list?.accounts ?? []);
  const summary = summarizeAccounts(accounts);
  const oauthEmail = accounts.find((account) => account.id === oauthAccountId)?.email;

  const runForAccount = async (account: AccountView, action: () => Promise<void>) => {
    setBusyIds((current) => new Set(current).add(account.id));
    try {
      await action();
    } catch (cause) {
      setNotice({ kind: 'error', text: describeError(cause) });
    } finally {
      setBusyIds((current) => {
        const next = new Set(current);
        next.delete(account.id);
        return next;
      });
      refetch();
    }
  };

  const startOAuth = (email?: string) => {
    setOAuthAccountId(undefined);
    oauth.start();
    setDialog({ kind: 'oauth', email });
  };

  const closeOAuth = () => {
    oauth.cancel();
    setDialog(undefined);
  };

  const onTokenAdded = (result: AddAccountResult) => {
    setNotice({ kind: 'success', text: describeAddResult(result) });
    refetch();
  };

  const onToggleProxy = (account: AccountView) => {
    if (!account.proxy_disabled) {
      setDialog({ kind: 'disable', account });
      return;
    }
    void runForAccount(account, async () => {
      const answer = await toggleAccountProxy(account.id, true);
      replaceAccount(answer.account);
      setNotice({ kind: 'success', text: t('accounts.enabled', { email: account.email }) });
    });
  };

  const onRefreshQuota = (account: AccountView) => {
    void runForAccount(account, async () => {
      const answer = await refreshAccountQuota(account.id);
      replaceAccount(answer.account);
      setNotice({ kind: 'success', text: t('accounts.quotaRefreshed', { email: account.email }) });
    });
  };

  const onReload = () => {
    reloadAccounts().then(
      (answer) => {
        setNotice({ kind: 'success', text: t('accounts.reloaded', { count: answer.count }) });
        refetch();
      },
      (cause: unknown) => setNotice({ kind: 'error', text: describeError(cause) }),
    );
  };

  return (
    <section class="accounts-page" aria-labelledby="accounts-title">
      <div class="page-header">
        <h1 id="accounts-title">{t('accounts.title')}</h1>
        <div class="toolbar">
          <button type="button" class="primary" data-testid="add-oauth" onClick={() => startOAuth()}>
            {t('accounts.addOAuth')}
          </button>
          <button type="button" data-testid="add-refresh-token" onClick={() => setDialog({ kind: 'add-token' })}>
            {t('accounts.addToken')}
          </button>
          <button type="button" data-testid="reload-accounts" onClick={onReload} title={t('accounts.reloadHint')}>
            {t('accounts.reload')}
          </button>
        </div>
      </div>

      <div class="summary" data-testid="account-summary">
        <span class="chip">{t('accounts.total', { count: summary.total })}</span>
        {SUMMARY_CHIPS.filter((chip) => summary[chip.state] > 0).map((chip) => (
          <span key={chip.state} class={`chip chip-${chip.tone}`} data-testid={`summary-${chip.state}`}>
            {t(chip.label)}: {summary[chip.state]}
          </span>
        ))}
      </div>

      <NoticeBar notice={notice} onDismiss={() => setNotice(undefined)} />
      {loadError !== undefined && (
        <div class="banner banner-error" role="alert" data-testid="accounts-load-error">
          {t('accounts.loadFailed', { message: loadError })}
        </div>
      )}
      <ConfigFaultsBanner faults={list?.config_faults} />
      <ProblemsBanner problems={list?.problems ?? []} />

      {list === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : accounts.length === 0 ? (
        <div class="empty" data-testid="accounts-empty">
          <p>{t('accounts.empty')}</p>
        </div>
      ) : (
        <table class="data-table accounts-table" data-testid="accounts-table">
          <thead>
            <tr>
              <th>{t('accounts.column.account')}</th>
              <th>{t('accounts.column.state')}</th>
              <th>{t('accounts.column.lastHour')}</th>
              <th>{t('accounts.column.lastError')}</th>
              <th>{t('accounts.column.lastUsed')}</th>
              <th>
                <span class="visually-hidden">{t('accounts.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                now={now}
                busy={busyIds.has(account.id)}
                onToggleProxy={onToggleProxy}
                onDelete={(target) => setDialog({ kind: 'delete', account: target })}
                onReauthorize={(target) => startOAuth(target.email)}
                onRefreshQuota={onRefreshQuota}
              />
            ))}
          </tbody>
        </table>
      )}

      {dialog?.kind === 'add-token' && (
        <Dialog title={t('addToken.title')} onClose={() => setDialog(undefined)} testId="add-token-dialog">
          <RefreshTokenForm onAdded={onTokenAdded} autoFocus />
        </Dialog>
      )}

      {dialog?.kind === 'oauth' && (
        <OAuthDialog
          flow={oauth.state}
          email={dialog.email}
          doneEmail={oauthEmail}
          onRetry={() => startOAuth(dialog.email)}
          onClose={closeOAuth}
          onTokenAdded={onTokenAdded}
        />
      )}

      {dialog?.kind === 'disable' && (
        <DisableProxyDialog
          account={dialog.account}
          onClose={() => setDialog(undefined)}
          onDisable={async (reason) => {
            const answer = await toggleAccountProxy(dialog.account.id, false, reason);
            replaceAccount(answer.account);
            setNotice({ kind: 'success', text: t('accounts.disabled', { email: dialog.account.email }) });
            refetch();
          }}
        />
      )}

      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('delete.title')}
          confirmLabel={t('delete.confirm')}
          danger
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            await deleteAccount(dialog.account.id);
            setNotice({ kind: 'success', text: t('accounts.deleted', { email: dialog.account.email }) });
            refetch();
          }}
        >
          <p>{t('delete.question', { email: dialog.account.email })}</p>
          <p class="muted">{t('delete.explain')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
