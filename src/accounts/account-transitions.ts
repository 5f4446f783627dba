import { redactSecrets } from '../shared/redact.js';
import { truncateReason } from '../shared/truncate-reason.js';
import type { AccountFile, TokenData } from './account-schema.js';

/** Longest `disabled_reason` / `proxy_disabled_reason` in UTF-8 bytes, so account files never grow without bound. */
export const MAX_REASON_BYTES = 800;

export interface UpsertInput {
  email: string;
  name?: string | null;
  token: {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    expiry_timestamp: number;
    token_type?: string;
    project_id?: string | null;
  };
}

/**
 * A token refresh answered with OAuth `invalid_grant`: the refresh token is revoked or expired, so the account is
 * disabled on disk until the user re-adds it with new tokens. The reason never carries a secret.
 */
export function applyInvalidGrant(account: AccountFile, errorText: string, nowSeconds: number): AccountFile {
  return {
    ...account,
    disabled: true,
    disabled_at: nowSeconds,
    disabled_reason: truncateReason(`invalid_grant: ${redactSecrets(errorText)}`, MAX_REASON_BYTES),
  };
}

/**
 * The user's switch for "do not route requests through this account". Enabling clears the reason and time;
 * it never touches `disabled` (that flag belongs to invalid_grant and upserts).
 */
export function applyProxyDisabled(
  account: AccountFile,
  disabled: boolean,
  reason: string | null,
  nowSeconds: number,
): AccountFile {
  const next: AccountFile = { ...account, proxy_disabled: disabled };
  if (disabled) {
    next.proxy_disabled_at = nowSeconds;
    if (reason === null) delete next.proxy_disabled_reason;
    else next.proxy_disabled_reason = truncateReason(redactSecrets(reason), MAX_REASON_BYTES);
  } else {
    delete next.proxy_disabled_at;
    delete next.proxy_disabled_reason;
  }
  return next;
}

/**
 * Re-adding an account that exists (same email): new tokens replace the old ones, an empty refresh token keeps
 * the stored one, the project id is kept unless a new one is given, unknown token fields survive.
 * If the account was disabled and the refresh or access token changed, the user has fixed the credentials:
 * `disabled`, `disabled_at` and `disabled_reason` are cleared (`reenabled`). `proxy_disabled` is the user's own
 * switch and is never touched here. `created_at` and `last_used` stay as they were (the clock argument is part of
 * the transition signature so later rules can stamp times without changing callers).
 */
export function applyUpsert(
  existing: AccountFile,
  input: UpsertInput,
  _nowSeconds: number,
): { account: AccountFile; reenabled: boolean } {
  const refreshToken = input.token.refresh_token !== '' ? input.token.refresh_token : existing.token.refresh_token;
  const projectId =
    input.token.project_id !== undefined && input.token.project_id !== null && input.token.project_id !== ''
      ? input.token.project_id
      : existing.token.project_id;
  const token: TokenData = {
    ...existing.token,
    access_token: input.token.access_token,
    refresh_token: refreshToken,
    expires_in: input.token.expires_in,
    expiry_timestamp: input.token.expiry_timestamp,
    token_type: input.token.token_type ?? existing.token.token_type ?? 'Bearer',
    email: existing.token.email ?? input.email,
  };
  if (projectId === undefined || projectId === null) delete token.project_id;
  else token.project_id = projectId;

  const account: AccountFile = { ...existing, token };
  if (typeof input.name === 'string' && input.name !== '') account.name = input.name;

  const tokensChanged =
    refreshToken !== existing.token.refresh_token || input.token.access_token !== existing.token.access_token;
  const reenabled = existing.disabled === true && tokensChanged;
  if (reenabled) {
    account.disabled = false;
    delete account.disabled_at;
    delete account.disabled_reason;
  }
  return { account, reenabled };
}

/** A brand-new account file for `input`, as the original app creates one. */
export function buildNewAccount(id: string, input: UpsertInput, nowSeconds: number): AccountFile {
  const token: TokenData = {
    access_token: input.token.access_token,
    refresh_token: input.token.refresh_token,
    expires_in: input.token.expires_in,
    expiry_timestamp: input.token.expiry_timestamp,
    token_type: input.token.token_type ?? 'Bearer',
    email: input.email,
  };
  if (input.token.project_id) token.project_id = input.token.project_id;
  return {
    id,
    email: input.email,
    name: input.name ?? null,
    token,
    disabled: false,
    proxy_disabled: false,
    created_at: nowSeconds,
    last_used: nowSeconds,
  };
}
