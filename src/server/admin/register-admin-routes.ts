import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { addAccountWithRefreshToken, saveGoogleAccount } from '../../accounts/add-google-account.js';
import { applyProxyDisabled } from '../../accounts/index.js';
import type { LogQuery } from '../../observability/index.js';
import { redactSecrets } from '../../shared/redact.js';
import type { FrontDoor } from '../front-door/register-front-door.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { listConfigFaults } from './list-config-faults.js';
import { CLEARED_SESSION_COOKIE, checkPassword, createSession, destroySession, readSessionToken, sessionCookie } from './admin-auth.js';
import { buildAccountView } from './build-account-view.js';
import { registerEventsRoute } from './events-route.js';
import { registerAccountTransferRoutes } from './account-transfer-routes.js';
import { describeAddFailure } from './describe-add-failure.js';
import { OAuthFlows, WrongAccountError } from './oauth-flows.js';
import { registerQuotaRoutes } from './quota-routes.js';
import { refreshAccountQuota } from './refresh-account-quota.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerStatsRoutes } from './stats-routes.js';

function adminError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: message, code });
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  adminError(reply, 400, 'INVALID_BODY', `Invalid body: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  return undefined;
}

const refreshTokenBody = z.object({ refreshToken: z.string().trim().min(10, 'refreshToken is required').max(4096) });
const toggleBody = z.object({ enable: z.boolean(), reason: z.string().max(500).optional() });
const loginBody = z.object({ password: z.string() });
function callbackPage(title: string, detail: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>agt — ${escape(title)}</title><body style="font-family:system-ui;margin:3rem"><h1>${escape(title)}</h1><p>${escape(detail)}</p></body>`;
}

/**
 * The admin REST API of docs/admin-api.md. The front door guards every route here by its class (Host, CSRF,
 * admin password or session, login throttle) before a handler runs; `POST /api/login` reports each password check
 * to the throttle, and `POST /api/logout` is an ordinary authenticated route.
 */
export function registerAdminRoutes(app: FastifyInstance, dependencies: ServerDependencies, frontDoor: Pick<FrontDoor, 'recordPasswordCheck'>): void {
  const { store, pool, requestLog, settings, logger } = dependencies;
  const flows = new OAuthFlows(dependencies.oauth);
  const addDependencies = { store, oauth: dependencies.oauth, codeAssist: dependencies.codeAssist };

  async function findAccountOr404(id: string, reply: FastifyReply) {
    const account = await store.read(id).catch(() => null);
    if (!account) adminError(reply, 404, 'NOT_FOUND', `No account with id ${id}`);
    return account;
  }

  app.get('/api/health', async () => ({ status: 'ok', version: dependencies.version }));

  app.post('/api/login', async (request, reply) => {
    const body = parseBody(loginBody, request.body, reply);
    if (!body) return reply;
    const right = checkPassword(body.password, settings.current);
    frontDoor.recordPasswordCheck(request, right);
    if (!right) return adminError(reply, 401, 'UNAUTHORIZED', 'Wrong password');
    return reply.header('set-cookie', sessionCookie(createSession(settings.current))).send({ ok: true });
  });

  app.post('/api/logout', async (request, reply) => {
    destroySession(readSessionToken(request));
    return reply.header('set-cookie', CLEARED_SESSION_COOKIE).send({ ok: true });
  });

  app.get('/api/session', async () => ({ authenticated: true }));

  app.get('/api/accounts', async () => {
    const { accounts, problems } = await store.loadAll();
    return { accounts: accounts.map((account) => buildAccountView(account, pool)), problems, config_faults: listConfigFaults(dependencies) };
  });

  app.post('/api/accounts', async (request, reply) => {
    const body = parseBody(refreshTokenBody, request.body, reply);
    if (!body) return reply;
    try {
      const result = await addAccountWithRefreshToken(addDependencies, body.refreshToken);
      await pool.reloadAccounts([result.account.id]);
      logger.info({ account: result.account.email, created: result.created, reenabled: result.reenabled }, 'Account added through the admin API');
      return reply.code(201).send({ account: buildAccountView(result.account, pool), created: result.created, reenabled: result.reenabled });
    } catch (error) {
      const failure = describeAddFailure(error);
      return adminError(reply, failure.status, failure.code, failure.message);
    }
  });

  app.post<{ Params: { id: string } }>('/api/accounts/:id/toggle-proxy', async (request, reply) => {
    const body = parseBody(toggleBody, request.body, reply);
    if (!body) return reply;
    if (!(await findAccountOr404(request.params.id, reply))) return reply;
    const now = Math.floor(Date.now() / 1000);
    const updated = await store.update(request.params.id, (account) =>
      applyProxyDisabled(account, !body.enable, body.enable ? null : (body.reason?.trim() || 'Disabled by the user'), now),
    );
    if (!updated) return adminError(reply, 404, 'NOT_FOUND', `No account with id ${request.params.id}`);
    await pool.reloadAccounts([updated.id]);
    return { account: buildAccountView(updated, pool) };
  });

  app.delete<{ Params: { id: string } }>('/api/accounts/:id', async (request, reply) => {
    if (!(await findAccountOr404(request.params.id, reply))) return reply;
    await store.remove(request.params.id);
    await pool.reloadAccounts([request.params.id]);
    return { ok: true };
  });

  app.post<{ Params: { id: string } }>('/api/accounts/:id/refresh-quota', async (request, reply) => {
    if (!(await findAccountOr404(request.params.id, reply))) return reply;
    const outcome = await refreshAccountQuota(dependencies, request.params.id);
    if (!outcome.ok) return adminError(reply, outcome.status, outcome.code, outcome.message);
    return { account: buildAccountView(outcome.account, pool) };
  });

  app.post('/api/accounts/reload', async () => {
    const { loaded } = await pool.load();
    return { count: loaded };
  });

  app.post('/api/accounts/oauth/start', async (request) => {
    const body = (request.body ?? {}) as { loginHint?: unknown };
    const host = request.headers.host ?? `127.0.0.1:${settings.current.port}`;
    return flows.start(`http://${host}/auth/callback`, typeof body.loginHint === 'string' ? body.loginHint : undefined);
  });

  app.get<{ Querystring: { state?: string } }>('/api/accounts/oauth/status', async (request, reply) => {
    const status = request.query.state ? flows.status(request.query.state) : null;
    if (!status) return adminError(reply, 404, 'NOT_FOUND', 'Unknown sign-in state');
    return status;
  });

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>('/auth/callback', async (request, reply) => {
    reply.header('content-type', 'text/html; charset=utf-8');
    const { code, state, error } = request.query;
    if (error && state) flows.fail(state, `Google: ${error}`);
    if (!code || !state) return reply.code(400).send(callbackPage('Sign-in failed', error ? `Google answered: ${error}` : 'The callback is missing the code or state.'));
    try {
      const result = await flows.complete(state, code, (tokens) => saveGoogleAccount(addDependencies, tokens, tokens.refresh_token ?? ''));
      await pool.reloadAccounts([result.account.id]);
      logger.info({ account: result.account.email, created: result.created, reenabled: result.reenabled }, 'Account added through browser sign-in');
      return reply.send(callbackPage('Account added', `${result.account.email} is ${result.reenabled ? 're-enabled' : 'ready'}. You can close this window.`));
    } catch (failure) {
      if (failure instanceof WrongAccountError) {
        await pool.reloadAccounts([failure.result.account.id]);
        logger.warn({ account: failure.result.account.email, expected: failure.expectedEmail }, 'Re-authorization signed in as a different account');
        return reply.code(409).send(callbackPage('Signed in as a different account', failure.message));
      }
      return reply.code(400).send(callbackPage('Sign-in failed', redactSecrets((failure as Error).message)));
    }
  });

  app.get('/api/pool', async () => {
    const { accounts } = await store.loadAll();
    const views = accounts.map((account) => buildAccountView(account, pool));
    const summary: Record<string, number> = { total: views.length, active: 0, disabled: 0, proxy_disabled: 0, cooling_down: 0, quota_protected: 0 };
    for (const view of views) summary[view.state]++;
    return { summary, accounts: views, config_faults: listConfigFaults(dependencies) };
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/logs', async (request) => {
    const query = request.query;
    const logQuery: LogQuery = {
      limit: query.limit ? Number(query.limit) : undefined,
      offset: query.offset ? Number(query.offset) : undefined,
      status: query.status ? (query.status === 'errors' ? 'errors' : Number(query.status)) : undefined,
      model: query.model || undefined,
      account: query.account || undefined,
      protocol: query.protocol || undefined,
      errorsOnly: query.errors_only === '1' || query.errors_only === 'true',
    };
    return requestLog.query(logQuery);
  });

  app.get('/api/logs/export', async (_request, reply) => {
    reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="agt-request-log.jsonl"');
    return reply.send([...requestLog.exportJsonLines()].join(''));
  });

  app.get<{ Params: { id: string } }>('/api/logs/:id', async (request, reply) => {
    const entry = requestLog.get(request.params.id);
    if (!entry) return adminError(reply, 404, 'NOT_FOUND', `No log entry ${request.params.id}`);
    return entry;
  });

  app.post('/api/logs/clear', async () => {
    requestLog.clear();
    return { ok: true };
  });

  registerEventsRoute(app, dependencies);
  registerSettingsRoutes(app, dependencies);
  registerStatsRoutes(app, dependencies);
  registerQuotaRoutes(app, dependencies);
  registerAccountTransferRoutes(app, dependencies);
}
