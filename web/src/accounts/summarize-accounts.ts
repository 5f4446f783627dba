import type { AccountState, AccountView } from '../api';

export type AccountSummary = Record<AccountState, number> & { total: number };

/** Counts accounts per state for the summary chips above the table. */
export function summarizeAccounts(accounts: readonly AccountView[]): AccountSummary {
  const summary: AccountSummary = {
    total: accounts.length,
    active: 0,
    disabled: 0,
    proxy_disabled: 0,
    cooling_down: 0,
    quota_protected: 0,
  };
  for (const account of accounts) {
    if (account.state in summary) summary[account.state] += 1;
  }
  return summary;
}
