import { useEffect, useState } from 'preact/hooks';
import { deleteAccount, exportAccounts, getSettings, refreshAccountQuota, reloadAccounts, runBulkAction, toggleAccountProxy } from '../api';
import type { AccountState, AccountView, AddAccountResult, BulkAction, BulkAnswer, ImportAnswer } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { describeError } from '../components/describe-error';
import { Dialog } from '../components/dialog';
import { downloadJson } from '../components/download-json';
import { NoticeBar } from '../components/notice-bar';
import type { Notice } from '../components/notice-bar';
import { useNow } from '../hooks/use-now';
import { t } from '../i18n/t';
import type { MessageKey } from '../i18n/en';
import { AccountRow } from './account-row';
import { BulkBar } from './bulk-bar';
import { DisableProxyDialog } from './disable-proxy-dialog';
import { filterAccounts, type StateFilter } from './filter-accounts';
import { ImportDialog } from './import-dialog';
import { OAuthDialog } from './oauth-dialog';
import { buildExportFileName } from './parse-import-file';
import { PoolQuotaSummary } from './pool-quota-summary';
import { ConfigFaultsBanner } from '../proxy/config-faults-banner';
import { ProblemsBanner } from './problems-banner';
import { RefreshTokenForm, describeAddResult } from './refresh-token-form';
import { sortAccounts } from './sort-accounts';
import { summarizeAccounts } from './summarize-accounts';
import { useAccounts } from './use-accounts';
import { useOAuthFlow } from './use-oauth-flow';

type OpenDialog =
  | { kind: 'add-token' }
  | { kind: 'import' }
  | { kind: 'oauth'; email?: string }
  | { kind: 'disable'; account: AccountView }
  | { kind: 'delete'; account: AccountView }
  | { kind: 'bulk-delete'; ids: string[] }
  | { kind: 'export'; ids?: string[] };

const SUMMARY_CHIPS: ReadonlyArray<{ state: AccountState; label: MessageKey; tone: string }> = [
  { state: 'active', label: 'state.active', tone: 'green' },
  { state: 'disabled', label: 'state.disabled', tone: 'red' },
  { state: 'proxy_disabled', label: 'state.proxyDisabled', tone: 'grey' },
  { state: 'cooling_down', label: 'state.coolingDown', tone: 'amber' },
  { state: 'quota_protected', label: 'state.quotaProtected', tone: 'blue' },
];

const BULK_DONE: Record<BulkAction, MessageKey> = {
  enable: 'bulk.enabled',
  disable: 'bulk.disabled',
  refresh: 'bulk.refreshed',
  delete: 'bulk.deleted',
};

/** True when a re-authorization ended with another account than the one the user meant. */
function isOtherAccount(result: AddAccountResult, expectedEmail: string | undefined): boolean {
  return expectedEmail !== undefined && result.account.email.toLowerCase() !== expectedEmail.toLowerCase();
}

export function AccountsPage() {
  const { list, loadError, refetch, replaceAccount } = useAccounts();
  const now = useNow(1000);
  const [dialog, setDialog] = useState<OpenDialog>();
  const [notice, setNotice] = useState<Notice>();
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const [oauthAccountId, setOAuthAccountId] = useState<string>();
  const [query, setQuery] = useState('');
  const [stateFilter, setStateFilter] = useState<StateFilter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [preferredId, setPreferredId] = useState<string | null>(null);

  useEffect(() => {
    getSettings().then(
      (settings) => setPreferredId(settings.preferred_account_id),
      () => undefined,
    );
  }, []);

  const oauth = useOAuthFlow((accountId) => {
    setOAuthAccountId(accountId);
    refetch();
  });

  const accounts = sortAccounts(list?.accounts ?? []);
  const summary = summarizeAccounts(accounts);
  const visible = filterAccounts(accounts, query, stateFilter);
  const existingIds = new Set(accounts.map((account) => account.id));
  const selectedIds = [...selected].filter((id) => existingIds.has(id));
  const allVisibleSelected = visible.length > 0 && visible.every((account) => selected.has(account.id));
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
    oauth.start(email);
    setDialog({ kind: 'oauth', email });
  };

  const closeOAuth = () => {
    oauth.cancel();
    setDialog(undefined);
  };

  const onTokenAdded = (result: AddAccountResult, expectedEmail?: string) => {
    if (isOtherAccount(result, expectedEmail)) {
      setNotice({ kind: 'error', text: t('reauth.otherAccount', { actual: result.account.email, expected: expectedEmail ?? '' }) });
    } else {
      setNotice({ kind: 'success', text: describeAddResult(result) });
    }
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

  const select = (account: AccountView, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(account.id);
      else next.delete(account.id);
      return next;
    });
  };

  const selectAllVisible = (on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const account of visible) {
        if (on) next.add(account.id);
        else next.delete(account.id);
      }
      return next;
    });
  };

  const reportBulk = (answer: BulkAnswer) => {
    const firstFailure = answer.results.find((result) => !result.ok);
    setNotice(
      answer.failed === 0
        ? { kind: 'success', text: t(BULK_DONE[answer.action], { count: answer.succeeded }) }
        : { kind: 'error', text: t('bulk.partial', { succeeded: answer.succeeded, failed: answer.failed, error: firstFailure?.error ?? '' }) },
    );
  };

  const runBulk = async (action: BulkAction, ids: string[]) => {
    setBulkBusy(true);
    try {
      const answer = await runBulkAction(action, ids, action === 'disable' ? t('bulk.disableReason') : undefined);
      reportBulk(answer);
      if (action === 'delete') setSelected(new Set());
    } catch (cause) {
      setNotice({ kind: 'error', text: describeError(cause) });
    } finally {
      setBulkBusy(false);
      refetch();
    }
  };

  const onBulkAction = (action: BulkAction) => {
    if (action === 'delete') setDialog({ kind: 'bulk-delete', ids: selectedIds });
    else void runBulk(action, selectedIds);
  };

  const onImported = (answer: ImportAnswer) => {
    setNotice({ kind: answer.failed === 0 ? 'success' : 'error', text: t('import.done', { imported: answer.imported, failed: answer.failed }) });
    refetch();
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
          <button type="button" data-testid="import-accounts" onClick={() => setDialog({ kind: 'import' })}>
            {t('accounts.import')}
          </button>
          <button type="button" data-testid="export-accounts" disabled={accounts.length === 0} onClick={() => setDialog({ kind: 'export' })}>
            {t('accounts.exportAll')}
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
      <PoolQuotaSummary accounts={accounts} now={now} />

      {list === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : accounts.length === 0 ? (
        <div class="empty" data-testid="accounts-empty">
          <p>{t('accounts.empty')}</p>
        </div>
      ) : (
        <>
          <div class="account-filters" role="search">
            <label class="field grow">
              <span class="visually-hidden">{t('accounts.search')}</span>
              <input
                type="search"
                value={query}
                placeholder={t('accounts.searchPlaceholder')}
                data-testid="account-search"
                onInput={(event) => setQuery(event.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span class="visually-hidden">{t('accounts.filterState')}</span>
              <select value={stateFilter} data-testid="account-state-filter" onChange={(event) => setStateFilter(event.currentTarget.value as StateFilter)}>
                <option value="all">{t('accounts.allStates')}</option>
                {SUMMARY_CHIPS.map((chip) => (
                  <option key={chip.state} value={chip.state}>
                    {t(chip.label)} ({summary[chip.state]})
                  </option>
                ))}
              </select>
            </label>
            <span class="muted small-text" data-testid="account-shown">
              {t('accounts.shown', { shown: visible.length, total: accounts.length })}
            </span>
          </div>

          {selectedIds.length > 0 && (
            <BulkBar
              count={selectedIds.length}
              busy={bulkBusy}
              onAction={onBulkAction}
              onExport={() => setDialog({ kind: 'export', ids: selectedIds })}
              onClear={() => setSelected(new Set())}
            />
          )}

          {visible.length === 0 ? (
            <div class="empty" data-testid="accounts-no-match">
              <p>{t('accounts.noMatch')}</p>
            </div>
          ) : (
            <table class="data-table accounts-table" data-testid="accounts-table">
              <thead>
                <tr>
                  <th class="cell-select">
                    <input
                      type="checkbox"
                      checked={allVisibleSelected}
                      data-testid="account-select-all"
                      aria-label={t('accounts.selectAll')}
                      onChange={(event) => selectAllVisible(event.currentTarget.checked)}
                    />
                  </th>
                  <th>{t('accounts.column.account')}</th>
                  <th>{t('accounts.column.state')}</th>
                  <th>{t('accounts.column.quota')}</th>
                  <th>{t('accounts.column.lastHour')}</th>
                  <th>
                    <span class="visually-hidden">{t('accounts.column.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {visible.map((account) => (
                  <AccountRow
                    key={account.id}
                    account={account}
                    now={now}
                    busy={busyIds.has(account.id) || bulkBusy}
                    selected={selected.has(account.id)}
                    onSelect={select}
                    preferred={account.id === preferredId}
                    onToggleProxy={onToggleProxy}
                    onDelete={(target) => setDialog({ kind: 'delete', account: target })}
                    onReauthorize={(target) => startOAuth(target.email)}
                    onRefreshQuota={onRefreshQuota}
                  />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      {dialog?.kind === 'add-token' && (
        <Dialog title={t('addToken.title')} onClose={() => setDialog(undefined)} testId="add-token-dialog">
          <RefreshTokenForm onAdded={(result) => onTokenAdded(result)} autoFocus />
        </Dialog>
      )}

      {dialog?.kind === 'import' && <ImportDialog onClose={() => setDialog(undefined)} onImported={onImported} />}

      {dialog?.kind === 'export' && (
        <ConfirmDialog
          title={t('export.title')}
          confirmLabel={t('export.confirm')}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            const exported = await exportAccounts(dialog.ids);
            downloadJson(buildExportFileName(), exported);
            setNotice({ kind: 'success', text: t('export.done', { count: exported.length }) });
          }}
        >
          <p>{t('export.question', { count: dialog.ids?.length ?? accounts.length })}</p>
          <p class="form-warning">{t('export.warning')}</p>
        </ConfirmDialog>
      )}

      {dialog?.kind === 'oauth' && (
        <OAuthDialog
          flow={oauth.state}
          email={dialog.email}
          doneEmail={oauthEmail}
          onRetry={() => startOAuth(dialog.email)}
          onClose={closeOAuth}
          onTokenAdded={(result) => onTokenAdded(result, dialog.email)}
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

      {dialog?.kind === 'bulk-delete' && (
        <ConfirmDialog
          title={t('delete.title')}
          confirmLabel={t('delete.confirm')}
          danger
          onClose={() => setDialog(undefined)}
          onConfirm={() => runBulk('delete', dialog.ids)}
        >
          <p>{t('bulk.deleteQuestion', { count: dialog.ids.length })}</p>
          <p class="muted">{t('delete.explain')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
