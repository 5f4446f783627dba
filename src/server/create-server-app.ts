import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import './fastify-augment.js';
import { DEFAULT_FRONT_DOOR_SETTINGS } from '../config/index.js';
import { keepBodyForLog } from './keep-body-for-log.js';
import { createLazySchemaCompilers } from './lazy-schema-compilers.js';
import { parseJsonBody } from './parse-json-body.js';
import { ADAPTERS } from './protocol-adapters.js';
import { protocolOfPath } from './protocol-adapter.js';
import { registerAdminRoutes } from './admin/register-admin-routes.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { isAdminShaped, readRouteClass, registerFrontDoor } from './front-door/register-front-door.js';
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


function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The Fastify app (not listening). Every request goes through the front door first (front-door/: the matched
 * route's class decides the Host, CSRF, admin and API-key guards and the body limits), and every error reaches the
 * caller in its protocol (or the admin API's shape).
 */
export async function createServerApp(dependencies: ServerDependencies): Promise<FastifyInstance> {
  const frontDoorSettings = dependencies.frontDoor ?? DEFAULT_FRONT_DOOR_SETTINGS;
  const app = Fastify({
    logger: false,
    bodyLimit: frontDoorSettings.maxBodyBytes,
    forceCloseConnections: true,
    return503OnClosing: false,
    genReqId: () => `req_${generateId()}`,
    schemaController: { compilersFactory: createLazySchemaCompilers() },
  });
  const frontDoor = registerFrontDoor(app, dependencies, frontDoorSettings, dependencies.clock);

  // JSON parsed by hand from the body's bytes (parse-json-body.ts: decoded and depth-checked in one pass), and the
  // request log keeps the bytes as sent, decoded and redacted only when its batch is written. The AI routes parse any
  // content type as JSON (clients send text/plain or nothing at all); the front door lets only application/json
  // bodies reach the other routes.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parseJson = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void => {
    if (dependencies.settings.current.enableLogging) {
      const kept = keepBodyForLog(body);
      request.rawBodyForLog = kept.bytes;
      request.rawBodyBytes = kept.size;
    }
    let parsed;
    try {
      parsed = parseJsonBody(body);
    } catch (error) {
      return done(error as Error);
    }
    if (parsed.toolListKey !== undefined) request.toolListKey = parsed.toolListKey;
    done(null, parsed.value);
  };
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, parseJson);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, parseJson);
  // Multipart bodies (image edits) stay bytes; the route reads them with the Web platform's FormData parser.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onResponse', (request, reply, done) => {
    if (!request.agtRecorded && request.method !== 'OPTIONS') {
      const route = readRouteClass(request);
      const recorded = route.area === 'ai' || (route.area === 'unmatched' && !isAdminShaped(request));
      if (recorded && (request.method === 'POST' || reply.statusCode >= 400)) recordFinishedRequest(dependencies, request, reply.statusCode, reply.elapsedTime, route.protocol);
    }
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const protocolError = toProtocolError(error);
    if (protocolError.status >= 500) dependencies.logger.error({ path: pathOf(request), err: error }, 'Unhandled error');
    return frontDoor.refuse(request, reply, protocolError, protocolError.kind.toUpperCase());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    // The echoed path is cut: a 404 must not become a way to reflect long attacker text.
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    if (isAdminShaped(request)) return reply.code(404).header('content-type', 'application/json; charset=utf-8').send({ error: `No route ${request.method} ${shown}`, code: 'NOT_FOUND' });
    return sendProtocolError(reply, ADAPTERS[protocolOfPath(path)], {
      status: 404,
      kind: 'not_found',
      message: `No route ${request.method} ${shown}. Check the client's base URL: OpenAI clients use http://<host>:<port>/v1, Anthropic clients and Gemini clients use http://<host>:<port> (no /v1).`,
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
  registerAdminRoutes(app, dependencies, frontDoor);
  await registerDashboardRoutes(app, dependencies);
  return app;
}

function countAccountStates(dependencies: ServerDependencies): Record<string, number> {
  return dependencies.pool.stateCounts();
}
