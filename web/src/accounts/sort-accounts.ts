import type { AccountView } from '../api';

/** Accounts by email (then id), so the list keeps one order people can scan instead of the files' random ids. */
export function sortAccounts(accounts: readonly AccountView[]): AccountView[] {
  return [...accounts].sort(
    (left, right) => left.email.toLowerCase().localeCompare(right.email.toLowerCase()) || left.id.localeCompare(right.id),
  );
}
