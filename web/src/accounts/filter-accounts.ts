import type { AccountState, AccountView } from '../api';

export type StateFilter = AccountState | 'all';

/**
 * The accounts whose email, name, id or project contain every word of `query` (case-insensitive) and whose state
 * matches `state`.
 */
export function filterAccounts(accounts: readonly AccountView[], query: string, state: StateFilter): AccountView[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return accounts.filter((account) => {
    if (state !== 'all' && account.state !== state) return false;
    if (words.length === 0) return true;
    const haystack = [account.email, account.name ?? '', account.id, account.project_id ?? ''].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
