import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { addAccountWithRefreshToken } from '../../accounts/add-google-account.js';
import { applyProxyDisabled } from '../../accounts/index.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { describeAddFailure } from './describe-add-failure.js';
import { refreshAccountQuota } from './refresh-account-quota.js';

const MAX_IDS = 1000;
const MAX_IMPORT = 500;
/** Accounts refreshed or imported at once: each costs a token refresh and a Google call. */
const CONCURRENCY = 4;

const exportBody = z.object({ ids: z.array(z.string().min(1).max(200)).max(MAX_IDS).optional() }).strict();
const bulkBody = z
  .object({
    action: z.enum(['enable', 'disable', 'delete', 'refresh']),
    ids: z.array(z.string().min(1).max(200)).min(1).max(MAX_IDS),
    reason: z.string().max(500).optional(),
  })
  .strict();
/** The desktop app's export: an array of `{email, refresh_token}` (other fields are ignored). */
const importEntry = z.looseObject({ email: z.string().max(320).optional(), refresh_token: z.unknown() });
const importBody = z.union([z.array(importEntry).max(MAX_IMPORT), z.looseObject({ accounts: z.array(importEntry).max(MAX_IMPORT) })]);

export interface BulkResult {
  id: string;
  ok: boolean;
  code?: string;
  error?: string;
}

export interface ImportResult {
  /** The email the file gave (the account's real email comes from Google and may differ). */
  email: string | null;
  ok: boolean;
  account_id?: string;
  account_email?: string;
  created?: boolean;
  reenabled?: boolean;
  code?: string;
  error?: string;
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: message, code });
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `Invalid body: ${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/** Runs `task` over `items`, `limit` at a time, keeping the input order in the results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Today as the desktop app names its export files: `antigravity_accounts_YYYY-MM-DD.json`. */
export function buildExportFileName(now = new Date()): string {
  return `antigravity_accounts_${now.toISOString().slice(0, 10)}.json`;
}

/**
 * Account export and import in the desktop app's format, and bulk actions over many accounts:
 * `POST /api/accounts/export`, `POST /api/accounts/import`, `POST /api/accounts/bulk` (docs/admin-api.md).
 */
export function registerAccountTransferRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  const { store, pool, logger } = dependencies;

  app.post('/api/accounts/export', async (request, reply) => {
    const parsed = exportBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_BODY', firstIssue(parsed.error));
    const { accounts } = await store.loadAll();
    const wanted = parsed.data.ids === undefined ? null : new Set(parsed.data.ids);
    const chosen = accounts.filter((account) => wanted === null || wanted.has(account.id)).sort((left, right) => left.email.localeCompare(right.email));
    logger.info({ accounts: chosen.length }, 'Accounts exported through the admin API (refresh tokens included)');
    reply.header('content-disposition', `attachment; filename="${buildExportFileName()}"`);
    reply.header('cache-control', 'no-store');
    return chosen.map((account) => ({ email: account.email, refresh_token: account.token.refresh_token }));
  });

  app.post('/api/accounts/import', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const parsed = importBody.safeParse(request.body);
    if (!parsed.success) {
      return sendError(reply, 400, 'INVALID_BODY', `${firstIssue(parsed.error)} (expected the desktop app's export: [{"email": "...", "refresh_token": "..."}])`);
    }
    const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.accounts;
    const addDependencies = { store, oauth: dependencies.oauth, codeAssist: dependencies.codeAssist };
    const results = await mapLimited(entries, CONCURRENCY, async (entry): Promise<ImportResult> => {
      const email = entry.email ?? null;
      const token = typeof entry.refresh_token === 'string' ? entry.refresh_token.trim() : '';
      if (token.length < 10) return { email, ok: false, code: 'NO_REFRESH_TOKEN', error: 'No refresh token in this entry' };
      if (token.startsWith('ya29.')) return { email, ok: false, code: 'ACCESS_TOKEN', error: 'This is an access token (ya29.…), not a refresh token' };
      try {
        const result = await addAccountWithRefreshToken(addDependencies, token);
        return { email, ok: true, account_id: result.account.id, account_email: result.account.email, created: result.created, reenabled: result.reenabled };
      } catch (error) {
        const failure = describeAddFailure(error);
        return { email, ok: false, code: failure.code, error: failure.message };
      }
    });
    const ids = results.flatMap((result) => (result.account_id ? [result.account_id] : []));
    if (ids.length > 0) await pool.reloadAccounts(ids);
    const imported = results.filter((result) => result.ok).length;
    logger.info({ imported, failed: results.length - imported }, 'Accounts imported through the admin API');
    return { imported, failed: results.length - imported, results };
  });

  app.post('/api/accounts/bulk', async (request, reply) => {
    const parsed = bulkBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_BODY', firstIssue(parsed.error));
    const { action, reason } = parsed.data;
    const ids = [...new Set(parsed.data.ids)];
    const now = Math.floor(Date.now() / 1000);
    const results = await mapLimited(ids, action === 'refresh' ? CONCURRENCY : 1, async (id): Promise<BulkResult> => {
      try {
        if (action === 'refresh') {
          const outcome = await refreshAccountQuota(dependencies, id);
          return outcome.ok ? { id, ok: true } : { id, ok: false, code: outcome.code, error: outcome.message };
        }
        if (action === 'delete') {
          return (await store.remove(id)) ? { id, ok: true } : { id, ok: false, code: 'NOT_FOUND', error: `No account with id ${id}` };
        }
        const enable = action === 'enable';
        const updated = await store.update(id, (account) =>
          applyProxyDisabled(account, !enable, enable ? null : reason?.trim() || 'Disabled by the user', now),
        );
        return updated ? { id, ok: true } : { id, ok: false, code: 'NOT_FOUND', error: `No account with id ${id}` };
      } catch (error) {
        return { id, ok: false, code: 'FAILED', error: (error as Error).message };
      }
    });
    if (action !== 'refresh') await pool.reloadAccounts(ids);
    const succeeded = results.filter((result) => result.ok).length;
    logger.info({ action, succeeded, failed: results.length - succeeded }, 'Bulk account action through the admin API');
    return { action, succeeded, failed: results.length - succeeded, results };
  });
}
