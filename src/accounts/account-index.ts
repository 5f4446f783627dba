import { z } from 'zod';
import type { AccountFile, AccountIndex, AccountIndexEntry } from './account-schema.js';
import { stripBomAndNul } from './parse-account-file.js';

/**
 * The `accounts.json` index: derived data the desktop app uses for its list order and current account.
 * agt keeps it in step with the files and rebuilds it when it is missing or corrupt.
 */
export const INDEX_VERSION = '2.0';

const indexSchema = z.looseObject({
  version: z.string().optional(),
  accounts: z.array(z.looseObject({ id: z.string().min(1), email: z.string() })),
  current_account_id: z.string().nullish(),
  current_target_ide: z.string().nullish(),
});

export type ParsedAccountIndex = { ok: true; index: AccountIndex } | { ok: false; reason: string };

export function parseAccountIndex(content: string | Buffer): ParsedAccountIndex {
  const text = stripBomAndNul(typeof content === 'string' ? content : content.toString('utf8'));
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
  const validation = indexSchema.safeParse(value);
  if (!validation.success) return { ok: false, reason: 'not an account index' };
  const index = value as AccountIndex;
  if (typeof index.version !== 'string') index.version = INDEX_VERSION;
  if (index.current_account_id === undefined) index.current_account_id = null;
  return { ok: true, index };
}

/** The index entry of one account: the fields the desktop app lists. */
export function buildIndexEntry(account: AccountFile): AccountIndexEntry {
  const entry: AccountIndexEntry = {
    id: account.id,
    email: account.email,
    name: account.name ?? null,
    disabled: account.disabled === true,
    proxy_disabled: account.proxy_disabled === true,
    created_at: account.created_at ?? 0,
    last_used: account.last_used ?? 0,
  };
  if (account.protected_models !== undefined && account.protected_models.length > 0) {
    entry.protected_models = [...account.protected_models];
  }
  return entry;
}

/** A fresh index from the account files: most recently used first, then by email; the first is current. */
export function buildIndexFromAccounts(accounts: AccountFile[]): AccountIndex {
  const entries = accounts
    .map(buildIndexEntry)
    .sort((left, right) => right.last_used - left.last_used || left.email.localeCompare(right.email));
  return {
    version: INDEX_VERSION,
    accounts: entries,
    current_account_id: entries[0]?.id ?? null,
    current_target_ide: null,
  };
}

/**
 * Puts `account`'s entry into the index in place (keeping its position and any unknown entry fields), appends it
 * when new, or removes it when `account` is null. Returns whether anything changed.
 */
export function applyIndexEntry(index: AccountIndex, id: string, account: AccountFile | null): boolean {
  const position = index.accounts.findIndex((entry) => entry.id === id);
  if (account === null) {
    if (position === -1) return false;
    index.accounts.splice(position, 1);
    if (index.current_account_id === id) index.current_account_id = index.accounts[0]?.id ?? null;
    return true;
  }
  const fresh = buildIndexEntry(account);
  if (position === -1) {
    index.accounts.push(fresh);
    if (index.current_account_id === null) index.current_account_id = fresh.id;
    return true;
  }
  const previous = index.accounts[position];
  const merged: AccountIndexEntry = { ...previous, ...fresh };
  if (fresh.protected_models === undefined) delete merged.protected_models;
  if (JSON.stringify(merged) === JSON.stringify(previous)) return false;
  index.accounts[position] = merged;
  return true;
}

/** True when the fields the index mirrors differ between two versions of an account. */
export function hasIndexFieldsChanged(before: AccountFile, after: AccountFile): boolean {
  return JSON.stringify(buildIndexEntry(before)) !== JSON.stringify(buildIndexEntry(after));
}
