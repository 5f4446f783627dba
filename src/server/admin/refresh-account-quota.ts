import type { AccountFile } from '../../accounts/index.js';
import type { ServerDependencies } from '../server-dependencies.js';

export type QuotaRefreshOutcome =
  | { ok: true; account: AccountFile }
  | { ok: false; status: number; code: string; message: string };

/**
 * "Refresh quota" for one account: the background quota refresher's own fetch, now (`pool/model-catalogue`): a token
 * through the pool's single-flight path, one `fetchAvailableModels` for the catalogue and the quota, the summary
 * where the backend has it, and the account file's `quota` merged field by field in the desktop app's shape.
 */
export async function refreshAccountQuota(
  dependencies: Pick<ServerDependencies, 'store'> & { quotaRefresher?: ServerDependencies['quotaRefresher'] },
  id: string,
): Promise<QuotaRefreshOutcome> {
  const { store, quotaRefresher } = dependencies;
  const before = await store.read(id).catch(() => null);
  if (!before) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No account with id ${id}` };
  if (quotaRefresher === undefined) return { ok: false, status: 503, code: 'QUOTA_REFRESH_UNAVAILABLE', message: 'The quota refresher is not running' };
  const refreshed = await quotaRefresher.refreshAccount(id);
  const latest = await store.read(id).catch(() => null);
  if (!latest) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No account with id ${id}` };
  if (refreshed) return { ok: true, account: latest };
  if (latest.disabled) return { ok: false, status: 409, code: 'ACCOUNT_UNAVAILABLE', message: `Account is disabled: ${latest.disabled_reason ?? ''}` };
  const failure = quotaRefresher.lastFailure?.(id);
  if (failure === undefined) return { ok: false, status: 409, code: 'ACCOUNT_UNAVAILABLE', message: 'Account cannot be refreshed right now' };
  if (failure.startsWith('403 ')) return { ok: false, status: 502, code: 'QUOTA_FORBIDDEN', message: `Google refused the quota call (403): ${failure.slice(4)}` };
  return { ok: false, status: 502, code: 'QUOTA_FETCH_FAILED', message: failure };
}
