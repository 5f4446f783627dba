import type { FastifyInstance } from 'fastify';
import type { ServerDependencies } from '../server-dependencies.js';
import { buildAccountView } from './build-account-view.js';
import { readModelQuotas, summarizePoolQuota, type AccountQuota } from './summarize-pool-quota.js';

/**
 * `GET /api/quota`: every account's quota per model as stored in its file (filled by "Refresh quota" and the
 * background refresh), plus the pool-wide summary per model. For scripts; the dashboard shows the same.
 */
export function registerQuotaRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.get('/api/quota', async () => {
    const { accounts } = await dependencies.store.loadAll();
    const quotas: AccountQuota[] = accounts.map((account) => {
      const view = buildAccountView(account, dependencies.pool);
      const quota = readModelQuotas(account.quota);
      return {
        id: account.id,
        email: account.email,
        state: view.state,
        serving: view.state !== 'disabled' && view.state !== 'proxy_disabled',
        subscription_tier: quota.tier,
        is_forbidden: quota.forbidden,
        last_updated: quota.lastUpdated,
        models: quota.models,
      };
    });
    quotas.sort((left, right) => left.email.localeCompare(right.email));
    return { generated_at: Math.floor(Date.now() / 1000), models: summarizePoolQuota(quotas), accounts: quotas };
  });
}
