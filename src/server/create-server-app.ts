import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import './fastify-augment.js';
import { decideProxyAuth } from './check-api-key.js';
import { measureJsonDepth } from './measure-json-depth.js';
import { isAllowedHost } from './check-host.js';
import { ADAPTERS } from './protocol-adapters.js';
import { protocolOfPath } from './protocol-adapter.js';
import { registerAdminRoutes } from './admin/register-admin-routes.js';
import { isAdminAuthenticated } from './admin/admin-auth.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { registerAnthropicRoutes } from './routes/anthropic-routes.js';
import { registerGeminiRoutes } from './routes/gemini-routes.js';
import { registerOpenAIImagesRoutes } from './routes/openai-images-routes.js';
import { registerOpenAIRoutes } from './routes/openai-routes.js';
import { registerOpenAIResponsesRoutes } from './routes/openai-responses-routes.js';
import { recordFinishedRequest } from './request-recorder.js';
import { sendProtocolError } from './send-protocol-error.js';
import type { ServerDependencies } from './server-dependencies.js';
import { generateId } from '../shared/ids.js';
import { toProtocolError } from './to-protocol-error.js';

/** Request bodies up to 100 MiB, as the original (images and long histories are big). */
const BODY_LIMIT = Number(process.env.ABV_MAX_BODY_SIZE) || 100 * 1024 * 1024;
/**
 * Deepest array/object nesting accepted in a JSON body. Real requests (tool schemas, tool arguments) stay in
 * the tens; a hostile body nested thousands deep would overflow the stack of the recursive code behind the
 * parser (converters, JSON.stringify of the upstream envelope) and turn into a 500.
 */
const MAX_JSON_DEPTH = 512;

type RouteArea = 'admin' | 'callback' | 'dashboard' | 'metrics' | 'proxy';

function areaOf(path: string): RouteArea {
  if (path === '/api' || path.startsWith('/api/')) return 'admin';
  if (path === '/auth/callback') return 'callback';
  if (path === '/metrics') return 'metrics';
  if (path === '/' || path === '/index.html' || path.startsWith('/assets/') || path === '/favicon.ico' || path === '/favicon.svg') return 'dashboard';
  return 'proxy';
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** `?key=` as one string; a repeated or bracketed key (an array or object after parsing) counts as no key. */
function readQueryKey(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const key: unknown = (query as Record<string, unknown>).key;
  return typeof key === 'string' ? key : undefined;
}

function sendAdminError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ error: message, code });
}

/**
 * The Fastify app (not listening): auth for the AI routes per auth_mode, admin auth and the DNS-rebinding
 * Host check for `/api`, the dashboard and `/metrics`, and every error in the caller's protocol.
 */
export async function createServerApp(dependencies: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    return503OnClosing: false,
    genReqId: () => `req_${generateId()}`,
  });

  // JSON parsed by hand so the request log can keep the exact text without serialising the body again.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parseJson = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void): void => {
    request.rawBodyText = body;
    if (body.trim() === '') return done(null, undefined);
    if (measureJsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      return done(Object.assign(new Error(`Invalid request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }));
    }
    try {
      done(null, JSON.parse(body));
    } catch (error) {
      const failure = error as Error & { statusCode?: number };
      failure.statusCode = 400;
      failure.message = `Invalid JSON body: ${failure.message}`;
      done(failure);
    }
  };
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson);
  // Multipart bodies (image edits) stay bytes; the route reads them with the Web platform's FormData parser.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id).header('request-id', request.id);
    const path = pathOf(request);
    const area = areaOf(path);
    const settings = dependencies.settings.current;
    if (area !== 'proxy') {
      if (!isAllowedHost(request.headers.host)) {
        return sendAdminError(reply, 403, 'FORBIDDEN_HOST', 'Host not allowed: open the dashboard through 127.0.0.1, localhost or the machine\'s IP address');
      }
      if (area === 'admin' && (path === '/api/login' || path === '/api/logout' || path === '/api/health')) return;
      if (area === 'admin' || area === 'metrics') {
        if (!isAdminAuthenticated(request, settings)) {
          return sendAdminError(reply, 401, 'UNAUTHORIZED', 'Admin authentication required: log in or send the admin password as a Bearer token');
        }
      }
      return;
    }
    const decision = decideProxyAuth({
      method: request.method,
      path,
      authMode: settings.authMode,
      allowLanAccess: settings.allowLanAccess,
      apiKey: settings.apiKey,
      sources: {
        authorization: request.headers.authorization,
        xApiKey: request.headers['x-api-key'] as string | undefined,
        xGoogApiKey: request.headers['x-goog-api-key'] as string | undefined,
        queryKey: readQueryKey(request.query),
      },
    });
    if (decision === 'allow') return;
    const message =
      decision === 'missing-key'
        ? 'Missing API key: send it as "Authorization: Bearer <key>", "x-api-key" or "x-goog-api-key"'
        : decision === 'no-key-configured'
          ? 'The gateway requires an API key but none is configured'
          : 'Invalid API key';
    dependencies.logger.info({ path, decision }, 'Rejected unauthenticated request');
    return sendProtocolError(reply, ADAPTERS[protocolOfPath(path)], { status: 401, kind: 'authentication', message });
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.agtRecorded || request.method === 'OPTIONS') return;
    const path = pathOf(request);
    if (areaOf(path) !== 'proxy' || path === '/healthz' || path === '/health') return;
    if (request.method !== 'POST' && reply.statusCode < 400) return;
    recordFinishedRequest(dependencies, request, reply.statusCode, reply.elapsedTime, protocolOfPath(path));
  });

  app.setErrorHandler((error, request, reply) => {
    const path = pathOf(request);
    const protocolError = toProtocolError(error);
    if (protocolError.status >= 500) dependencies.logger.error({ path, err: error }, 'Unhandled error');
    if (areaOf(path) !== 'proxy') {
      return sendAdminError(reply, protocolError.status, protocolError.kind.toUpperCase(), protocolError.message);
    }
    return sendProtocolError(reply, ADAPTERS[protocolOfPath(path)], protocolError);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    if (areaOf(path) !== 'proxy') return sendAdminError(reply, 404, 'NOT_FOUND', `No route ${request.method} ${path}`);
    return sendProtocolError(reply, ADAPTERS[protocolOfPath(path)], {
      status: 404,
      kind: 'not_found',
      message: `No route ${request.method} ${path}. Check the client's base URL: OpenAI clients use http://<host>:<port>/v1, Anthropic clients and Gemini clients use http://<host>:<port> (no /v1).`,
    });
  });

  const health = async () => ({ status: 'ok', version: dependencies.version, accounts: { eligible: dependencies.pool.eligibleCount() } });
  app.get('/healthz', health);
  app.get('/health', health);
  app.options('/*', async (_request, reply) => reply.code(204).send());
  app.get('/metrics', async (_request, reply) => {
    dependencies.metrics.setAccountStates(countAccountStates(dependencies));
    return reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(dependencies.metrics.render());
  });

  registerOpenAIRoutes(app, dependencies);
  registerOpenAIResponsesRoutes(app, dependencies);
  registerOpenAIImagesRoutes(app, dependencies);
  registerAnthropicRoutes(app, dependencies);
  registerGeminiRoutes(app, dependencies);
  registerAdminRoutes(app, dependencies);
  await registerDashboardRoutes(app, dependencies);
  return app;
}

function countAccountStates(dependencies: ServerDependencies): Record<string, number> {
  return dependencies.pool.stateCounts();
}
