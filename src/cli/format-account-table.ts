import type { AccountFile } from '../accounts/index.js';

function stateOf(account: AccountFile): string {
  if (account.disabled === true) return 'disabled';
  if (account.proxy_disabled === true && account.proxy_disabled_reason !== 'quota_protection') return 'proxy_disabled';
  return 'active';
}

function formatTime(seconds: number | null | undefined): string {
  return seconds ? new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19) : '';
}

/** The account list as an aligned text table: id, email, state, since, reason. */
export function formatAccountTable(accounts: AccountFile[]): string {
  if (accounts.length === 0) return 'No accounts. Add one with `agt accounts add --refresh-token <token>` or `agt login`.';
  const rows = accounts.map((account) => {
    const state = stateOf(account);
    const since = state === 'disabled' ? formatTime(account.disabled_at) : state === 'proxy_disabled' ? formatTime(account.proxy_disabled_at) : '';
    const reason = state === 'disabled' ? (account.disabled_reason ?? '') : state === 'proxy_disabled' ? (account.proxy_disabled_reason ?? '') : '';
    return [account.id.slice(0, 8), account.email, state, since, reason.length > 80 ? `${reason.slice(0, 77)}...` : reason];
  });
  const header = ['ID', 'EMAIL', 'STATE', 'SINCE', 'REASON'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** An account for `accounts show` / `--json`: everything but the tokens. */
export function redactAccount(account: AccountFile): Record<string, unknown> {
  const { token, ...rest } = account;
  return {
    ...rest,
    token: {
      ...token,
      access_token: token.access_token ? '***' : '',
      refresh_token: token.refresh_token ? '***' : '',
      ...(token.id_token ? { id_token: '***' } : {}),
    },
  };
}
