import type { AccountFile } from '../../accounts/index.js';
import { parseModelCatalogue } from '../../protocols/model-routing/index.js';
import { redactSecrets } from '../../shared/redact.js';
import type { ServerDependencies } from '../server-dependencies.js';

export type QuotaRefreshOutcome =
  | { ok: true; account: AccountFile }
  | { ok: false; status: number; code: string; message: string };

interface AvailableModels {
  models?: Record<string, { quotaInfo?: { remainingFraction?: number; resetTime?: string } }>;
}

/**
 * "Refresh quota" for one account: a token through the pool's single-flight refresh, `fetchAvailableModels`, and
 * the account file's `quota` in the desktop app's shape (`percentage` = floor(remainingFraction × 100), models
 * without quota info left out), merged field by field so other `quota` fields stay.
 */
export async function refreshAccountQuota(
  dependencies: Pick<ServerDependencies, 'store' | 'pool' | 'codeAssist'> & Partial<Pick<ServerDependencies, 'catalogues'>>,
  id: string,
): Promise<QuotaRefreshOutcome> {
  const { store, pool, codeAssist } = dependencies;
  const lease = await pool.forceRefresh(id);
  if (!lease) {
    const latest = await store.read(id).catch(() => null);
    if (!latest) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No account with id ${id}` };
    return {
      ok: false,
      status: 409,
      code: 'ACCOUNT_UNAVAILABLE',
      message: latest.disabled ? `Account is disabled: ${latest.disabled_reason ?? ''}` : 'Account cannot be refreshed right now',
    };
  }
  try {
    const answer = (await codeAssist.fetchAvailableModels(lease.accessToken, lease.projectId)) as AvailableModels;
    // The same answer is the account's model catalogue: routing sees what this fetch saw.
    dependencies.catalogues?.set(id, parseModelCatalogue(answer, Date.now()));
    const entries = Object.entries(answer.models ?? {});
    const updated = await store.update(id, (current) => {
      current.quota = {
        ...(current.quota ?? {}),
        models: entries
          .filter(([, info]) => info.quotaInfo)
          .map(([name, info]) => ({
            name,
            percentage: Math.floor((info.quotaInfo?.remainingFraction ?? 0) * 100),
            reset_time: info.quotaInfo?.resetTime ?? '',
          })),
        last_updated: Math.floor(Date.now() / 1000),
      };
    });
    if (!updated) return { ok: false, status: 404, code: 'NOT_FOUND', message: `No account with id ${id}` };
    await pool.reloadAccounts([id]);
    return { ok: true, account: updated };
  } catch (error) {
    return { ok: false, status: 502, code: 'QUOTA_FETCH_FAILED', message: redactSecrets((error as Error).message) };
  }
}
