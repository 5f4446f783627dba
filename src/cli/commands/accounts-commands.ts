import { addAccountWithRefreshToken } from '../../accounts/add-google-account.js';
import { AccountStore, AccountStoreError, applyProxyDisabled, type AccountFile } from '../../accounts/index.js';
import { createGoogleClients } from '../../app.js';
import { loadSettings } from '../../config/index.js';
import { OAuthError } from '../../google/index.js';
import { redactSecrets } from '../../shared/redact.js';
import { CliError, type CliOutput } from '../cli-output.js';
import { formatAccountTable, redactAccount } from '../format-account-table.js';
import { formatQuotaTable } from '../format-quota-table.js';
import { notifyRunningServer } from '../notify-running-server.js';

async function openStore(dataDir: string): Promise<AccountStore> {
  const store = new AccountStore({ dataDir });
  try {
    await store.init();
  } catch (error) {
    if (error instanceof AccountStoreError) throw new CliError(error.message);
    throw error;
  }
  return store;
}

async function findOrFail(store: AccountStore, idOrEmail: string): Promise<AccountFile> {
  const account = await store.find(idOrEmail);
  if (!account) throw new CliError(`No account matches "${idOrEmail}" (use an id, an id prefix or an email; see \`agt accounts list\`)`);
  return account;
}

async function reportReload(dataDir: string, output: CliOutput): Promise<void> {
  const notified = await notifyRunningServer(dataDir);
  output.out(notified ? 'The running gateway reloaded its pool.' : 'A running gateway picks this up from the account files within a second.');
}

export async function listAccounts(dataDir: string, options: { json?: boolean }, output: CliOutput): Promise<void> {
  const store = await openStore(dataDir);
  const { accounts, problems } = await store.loadAll();
  if (options.json) {
    output.out(JSON.stringify({ accounts: accounts.map(redactAccount), problems }, null, 2));
    return;
  }
  output.out(formatAccountTable(accounts));
  for (const problem of problems) output.err(`warning: skipped ${problem.file}: ${problem.reason}`);
}

export async function showAccount(dataDir: string, idOrEmail: string, output: CliOutput): Promise<void> {
  const store = await openStore(dataDir);
  output.out(JSON.stringify(redactAccount(await findOrFail(store, idOrEmail)), null, 2));
}

export async function addAccount(dataDir: string, refreshToken: string, output: CliOutput, env: Record<string, string | undefined> = process.env): Promise<void> {
  if (!refreshToken || refreshToken.trim().length < 10) throw new CliError('--refresh-token needs the refresh token (it usually starts with 1//)', 2);
  const store = await openStore(dataDir);
  const { settings } = await loadSettings(dataDir, {}, env);
  const { oauth, codeAssist, dispatcher } = createGoogleClients(env, settings.upstreamProxy, settings.antigravityVersion);
  try {
    const result = await addAccountWithRefreshToken({ store, oauth, codeAssist }, refreshToken);
    const verb = result.created ? 'Added' : result.reenabled ? 'Re-enabled' : 'Updated';
    output.out(`${verb} ${result.account.email} (${result.account.id})${result.reenabled ? ': the invalid_grant disable is cleared' : ''}.`);
    if (result.account.proxy_disabled) output.out('Note: the account is still disabled for the proxy; run `agt accounts enable` to use it.');
  } catch (error) {
    if (error instanceof OAuthError) {
      const detail = redactSecrets(error.message);
      if (error.kind === 'invalid_grant') throw new CliError(`Google rejected the refresh token (${detail}): it is revoked, expired or mistyped. Sign in again with \`agt login\`.`);
      if (error.kind === 'client_config') throw new CliError(`Google rejected the OAuth client (${detail}); check AGT_GOOGLE_CLIENT_ID / AGT_GOOGLE_CLIENT_SECRET.`);
      throw new CliError(`Could not refresh the token: ${detail}`);
    }
    throw new CliError(`Could not add the account: ${redactSecrets((error as Error).message)}`);
  } finally {
    await dispatcher.close();
  }
  await reportReload(dataDir, output);
}

export async function setProxyEnabled(dataDir: string, idOrEmail: string, enable: boolean, reason: string | undefined, output: CliOutput): Promise<void> {
  const store = await openStore(dataDir);
  const account = await findOrFail(store, idOrEmail);
  const now = Math.floor(Date.now() / 1000);
  await store.update(account.id, (current) => applyProxyDisabled(current, !enable, enable ? null : (reason?.trim() || 'Disabled by the user (CLI)'), now));
  output.out(`${enable ? 'Enabled' : 'Disabled'} ${account.email} for the proxy.`);
  if (enable && account.disabled) output.out(`Note: the account is disabled (${account.disabled_reason ?? 'invalid_grant'}); re-add it with a new refresh token or \`agt login\`.`);
  await reportReload(dataDir, output);
}

export async function removeAccount(dataDir: string, idOrEmail: string, output: CliOutput): Promise<void> {
  const store = await openStore(dataDir);
  const account = await findOrFail(store, idOrEmail);
  await store.remove(account.id);
  output.out(`Removed ${account.email} (${account.id}).`);
  await reportReload(dataDir, output);
}

/** `agt accounts quota [ID|EMAIL]`: each account's stored quota per model, as bars with the time to reset. */
export async function showQuota(dataDir: string, idOrEmail: string | undefined, options: { json?: boolean }, output: CliOutput): Promise<void> {
  const store = await openStore(dataDir);
  const accounts = idOrEmail === undefined ? (await store.loadAll()).accounts : [await findOrFail(store, idOrEmail)];
  accounts.sort((left, right) => left.email.localeCompare(right.email));
  if (options.json) {
    output.out(JSON.stringify(accounts.map((account) => ({ id: account.id, email: account.email, quota: account.quota ?? null })), null, 2));
    return;
  }
  output.out(formatQuotaTable(accounts, Date.now()));
}
