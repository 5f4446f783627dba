import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FrontDoorSettings } from '../../config/index.js';
import type { ProtocolError } from '../../protocols/protocol-error.js';
import { kindForStatus } from '../../protocols/protocol-error.js';
import type { Clock } from '../../shared/clock.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { checkAdminCredentials, readSessionToken } from '../admin/admin-auth.js';
import { decideProxyAuth } from '../check-api-key.js';
import { isAllowedHost, parseAllowedHosts, type HostPolicy } from '../check-host.js';
import { ADAPTERS } from '../protocol-adapters.js';
import { protocolOfPath } from '../protocol-adapter.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { BodyBudget } from './body-budget.js';
import { checkAdminWrite, checkAiWrite, readMediaType, type OriginHeaders } from './check-browser-origin.js';
import { checkRequestTarget } from './check-request-target.js';
import { classifyRoute, type RouteArea, type RouteClass } from './classify-route.js';
import { LoginThrottle, throttleKeyOf } from './login-throttle.js';
import { releaseYoungGeneration } from '../../shared/young-generation.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set for every route when it is registered (see classifyRoute); a route may set it itself. */
    agtRoute?: RouteClass;
  }
  interface FastifyRequest {
    /** The class of the route the router matched, set by the front door before anything else runs. */
    agtRoute?: RouteClass;
  }
}

/** A registered route and its class, as the front door recorded it (for tests and diagnostics). */
export interface ClassifiedRoute {
  method: string;
  url: string;
  route: RouteClass;
}

const classifiedRoutes = new WeakMap<FastifyInstance, ClassifiedRoute[]>();
const frontDoors = new WeakMap<FastifyInstance, FrontDoor>();

/** The front door registered on `app` (tests read its body budget and throttle). */
export function frontDoorOf(app: FastifyInstance): FrontDoor | undefined {
  return frontDoors.get(app);
}

/** Every route registered on `app` after its front door, with its class. */
export function listClassifiedRoutes(app: FastifyInstance): readonly ClassifiedRoute[] {
  return classifiedRoutes.get(app) ?? [];
}

export interface FrontDoor {
  loginThrottle: LoginThrottle;
  bodyBudget: BodyBudget;
  /** Reports one check of the admin password (login, Bearer) by this request's client to the throttle. */
  recordPasswordCheck(request: FastifyRequest, right: boolean): void;
  /** Answers `error` in the shape of the request's area: the caller's protocol, or the admin API's `{error, code}`. */
  refuse(request: FastifyRequest, reply: FastifyReply, error: ProtocolError, adminCode: string): FastifyReply;
}

/** Areas whose errors use the admin API's `{error, code}` shape and whose bodies must be JSON. */
const ADMIN_SHAPED: ReadonlySet<RouteArea> = new Set(['admin', 'login', 'status', 'dashboard', 'oauth-callback']);

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Shape only, for requests no route matched: a 404 under `/api/` reads like the admin API's. Never a guard. */
function looksLikeAdminPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/metrics' || path === '/auth/callback';
}

/** The class of the route the router matched (`unmatched` for a 404), never derived from the raw URL. */
export function readRouteClass(request: FastifyRequest): RouteClass {
  if (request.agtRoute) return request.agtRoute;
  const options = request.routeOptions;
  if (request.is404 || options.url === undefined) return { area: 'unmatched', protocol: protocolOfPath(pathOf(request.url)) };
  return options.config?.agtRoute ?? classifyRoute(options.method, options.url);
}

/** Whether errors for this request use the admin API's shape. */
export function isAdminShaped(request: FastifyRequest): boolean {
  const route = readRouteClass(request);
  return route.area === 'unmatched' ? looksLikeAdminPath(pathOf(request.url)) : ADMIN_SHAPED.has(route.area);
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function frontDoorError(code: ConstructorParameters<typeof GatewayError>[0], status: number, message: string, retryAfterSeconds?: number): GatewayError {
  const error = new GatewayError(code, message, { status, retryAfterSeconds });
  // Fastify keeps a payload stream's error status only from `statusCode`.
  (error as GatewayError & { statusCode: number }).statusCode = status;
  return error;
}

/**
 * The one decision point of every request (docs/security.md). Each route is classified when it is registered
 * (`onRoute`, so routes added by any module are covered); each request is then guarded by the class of the route
 * the router matched, in this order, before any handler or body parser runs:
 *
 * 1. the request target: origin-form only, no spelling that could change the match (400);
 * 2. the Host header, on every route (403);
 * 3. browser-origin rules: CSRF for state-changing admin requests, blind cross-origin posts on AI routes (403 / 415);
 * 4. credentials: admin password or session (401; throttled per address, 429), or the API key per auth_mode (401);
 * 5. the body: size limit (413), bytes in flight across all requests (429), read deadline (408).
 *
 * Must be registered before any route.
 */
export function registerFrontDoor(app: FastifyInstance, dependencies: ServerDependencies, settings: FrontDoorSettings, clock?: Clock): FrontDoor {
  const loginThrottle = new LoginThrottle({
    freeFailures: settings.loginFreeFailures,
    baseDelayMs: settings.loginBaseDelayMs,
    maxDelayMs: settings.loginMaxDelayMs,
    clock,
  });
  const bodyBudget = new BodyBudget(settings.maxBodyBytesInFlight);
  const hostPolicy: HostPolicy = {
    get lanAccess() {
      return dependencies.settings.bound.allowLanAccess;
    },
    allowedHosts: parseAllowedHosts(settings.allowedHosts.join(',')),
  };
  const logger = dependencies.logger;
  /** What each request with a body holds of the budget; `declared`: taken whole from Content-Length up front. */
  const bodyReservations = new WeakMap<FastifyRequest, { bytes: number; declared: boolean }>();

  function refuse(request: FastifyRequest, reply: FastifyReply, error: ProtocolError, adminCode: string): FastifyReply {
    if (isAdminShaped(request)) {
      request.agtError = error.message;
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      return reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send({ error: error.message, code: adminCode });
    }
    return sendProtocolError(reply, ADAPTERS[readRouteClass(request).protocol], error);
  }

  const fail = (request: FastifyRequest, reply: FastifyReply, status: number, adminCode: string, message: string, retryAfterSeconds?: number) =>
    refuse(request, reply, { status, kind: kindForStatus(status), message, retryAfterSeconds }, adminCode);

  const routes: ClassifiedRoute[] = [];
  classifiedRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const agtRoute = route.config?.agtRoute ?? classifyRoute(route.method, url);
    route.config = { ...(route.config ?? {}), agtRoute };
    for (const method of typeof route.method === 'string' ? [route.method] : route.method) routes.push({ method, url, route: agtRoute });
  });

  // Callback-style hooks: an async hook costs a promise and a microtask per request, for nothing here.
  app.addHook('onRequest', (request, reply, done) => {
    if (guardRequest(request, reply) === undefined) done();
  });

  /** Steps 1–5 for one request: undefined when it may go on, else the reply that refused it (already sent). */
  function guardRequest(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    reply.header('x-request-id', request.id).header('request-id', request.id);
    const route = readRouteClass(request);
    request.agtRoute = route;
    // The gateway has work to do: V8's young generation may grow with the traffic from now on (health checks and the
    // dashboard's files are not that traffic; see shared/young-generation.ts).
    if (route.area === 'ai' || route.area === 'admin') releaseYoungGeneration();
    const headers = request.headers;

    // 1. The request target, as the client wrote it.
    const targetProblem = checkRequestTarget(request.raw.url ?? '');
    if (targetProblem !== null) return fail(request, reply, 400, 'BAD_REQUEST_TARGET', `Bad request target: ${targetProblem}`);

    // 2. DNS rebinding: the Host must name this machine.
    if (!isAllowedHost(headers.host, hostPolicy)) {
      logger.info({ host: String(headers.host ?? '').slice(0, 200), area: route.area }, 'Refused a request for a foreign Host');
      return fail(
        request,
        reply,
        403,
        'FORBIDDEN_HOST',
        'Host not allowed: use 127.0.0.1 or localhost (or this machine\'s address with LAN access); add other names to AGT_ALLOWED_HOSTS',
      );
    }

    // 3. Requests a page on another origin made behind the user's back.
    const adminShaped = ADMIN_SHAPED.has(route.area);
    const originHeaders: OriginHeaders = {
      method: request.method,
      host: headers.host,
      origin: headers.origin,
      secFetchSite: headers['sec-fetch-site'] as string | undefined,
      secFetchMode: headers['sec-fetch-mode'] as string | undefined,
      contentType: headers['content-type'],
      hasSessionCookie: readSessionToken(request) !== undefined,
    };
    const verdict = adminShaped ? checkAdminWrite(originHeaders) : checkAiWrite(originHeaders);
    if (!verdict.ok) {
      logger.info({ area: route.area, origin: String(headers.origin ?? '').slice(0, 200), method: request.method }, 'Refused a cross-origin request');
      return fail(request, reply, verdict.status, verdict.status === 415 ? 'UNSUPPORTED_CONTENT_TYPE' : 'CROSS_ORIGIN', verdict.message);
    }
    // Outside the AI routes only JSON is parsed (a text/plain "JSON" body is what an HTML form sends).
    if (adminShaped && hasBody(request) && readMediaType(headers['content-type']) !== 'application/json') {
      return fail(request, reply, 415, 'UNSUPPORTED_CONTENT_TYPE', 'Request bodies here must be JSON ("Content-Type: application/json")');
    }

    // 4. Credentials.
    const current = dependencies.settings.current;
    const client = throttleKeyOf(request.ip);
    if (route.area === 'admin' || route.area === 'login') {
      const throttled = loginThrottle.check(client);
      const credentials = route.area === 'admin' ? checkAdminCredentials(request, current) : null;
      if (!throttled.allowed && (route.area === 'login' || credentials?.presentedSecret)) {
        return fail(request, reply, 429, 'TOO_MANY_ATTEMPTS', 'Too many wrong admin passwords from this address; wait before trying again', throttled.retryAfterMs / 1000);
      }
      if (credentials !== null && !credentials.ok) {
        if (credentials.presentedSecret) recordPasswordCheck(request, false);
        return fail(request, reply, 401, 'UNAUTHORIZED', 'Admin authentication required: log in or send the admin password as a Bearer token');
      }
      if (credentials?.presentedSecret) recordPasswordCheck(request, true);
    } else if (route.area === 'ai' || route.area === 'health') {
      const decision = decideProxyAuth({
        method: request.method,
        isHealthRoute: route.area === 'health',
        authMode: current.authMode,
        allowLanAccess: current.allowLanAccess,
        apiKey: current.apiKey,
        sources: {
          authorization: headers.authorization,
          xApiKey: headers['x-api-key'] as string | undefined,
          xGoogApiKey: headers['x-goog-api-key'] as string | undefined,
          queryKey: readQueryKey(request.query),
        },
      });
      if (decision !== 'allow') {
        const message =
          decision === 'missing-key'
            ? 'Missing API key: send it as "Authorization: Bearer <key>", "x-api-key" or "x-goog-api-key"'
            : decision === 'no-key-configured'
              ? 'The gateway requires an API key but none is configured'
              : 'Invalid API key';
        logger.info({ path: pathOf(request.url).slice(0, 200), decision }, 'Rejected unauthenticated request');
        return fail(request, reply, 401, 'UNAUTHORIZED', message);
      }
    }

    // 5. The body's share of memory, taken before a byte of it is read when its length is declared.
    if (!hasBody(request)) return undefined;
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > settings.maxBodyBytes) {
      return fail(request, reply, 413, 'PAYLOAD_TOO_LARGE', describeTooLarge(settings.maxBodyBytes));
    }
    const reservation = { bytes: 0, declared: Number.isFinite(declared) };
    if (reservation.declared) {
      if (!bodyBudget.tryTake(declared)) return failBusy(request, reply);
      reservation.bytes = declared;
    }
    bodyReservations.set(request, reservation);
    reply.raw.once('close', () => {
      bodyBudget.give(reservation.bytes);
      reservation.bytes = 0;
    });
    return undefined;
  }

  function recordPasswordCheck(request: FastifyRequest, right: boolean): void {
    const client = throttleKeyOf(request.ip);
    if (right) {
      loginThrottle.recordSuccess(client);
      return;
    }
    const delay = loginThrottle.recordFailure(client);
    if (delay > 0) {
      logger.warn({ client, failures: loginThrottle.failures(client), retryAfterSeconds: Math.ceil(delay / 1000) }, 'Admin password guessing slowed down: too many wrong passwords from this address');
    }
  }

  function failBusy(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    logger.warn({ inFlightBytes: bodyBudget.inFlight, capacity: bodyBudget.capacity }, 'Refused a request body: too many request-body bytes in flight');
    return fail(request, reply, 429, 'BUSY', describeBusy(bodyBudget.capacity), 1);
  }

  // The body read: cut at the read deadline; a body without a declared length is also counted against the budget
  // as it arrives.
  app.addHook('preParsing', (request, reply, payload, done) => {
    const reservation = bodyReservations.get(request);
    if (reservation === undefined) return done(null, payload);
    // A body cut short leaves the rest of it on the connection: close it rather than read what is left.
    const closeAfterReply = () => {
      reply.header('connection', 'close');
      reply.raw.once('finish', () => request.raw.destroy());
    };
    const timedOut = () => {
      logger.warn({ path: pathOf(request.url).slice(0, 200), receivedBytes: reservation.bytes }, 'Cut a request whose body took too long to arrive');
      return frontDoorError('TIMEOUT', 408, `The request body did not arrive within ${Math.round(settings.bodyTimeoutMs / 1000)} s`);
    };
    if (reservation.declared) {
      // The whole declared length is held already: only the deadline is left to watch, and that needs no stream in
      // between (a Transform per request was ~3 % of a small request's CPU). Fastify's body reader listens for
      // 'error' on the payload it reads: the deadline fails the read through it, leaving the socket open for the 408.
      const deadline = setTimeout(() => {
        // Answered already, or the reader finished or gave up: nothing to cut.
        if (reply.sent || payload.listenerCount('error') === 0) return;
        closeAfterReply();
        payload.emit('error', timedOut());
      }, settings.bodyTimeoutMs);
      deadline.unref();
      const stopDeadline = () => clearTimeout(deadline);
      payload.once('end', stopDeadline);
      reply.raw.once('close', stopDeadline);
      return done(null, payload);
    }
    const cut = (error: GatewayError) => {
      closeAfterReply();
      counter.destroy(error);
    };
    const timer = setTimeout(() => cut(timedOut()), settings.bodyTimeoutMs);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        if (!bodyBudget.tryTake(chunk.length)) {
          logger.warn({ inFlightBytes: bodyBudget.inFlight, capacity: bodyBudget.capacity }, 'Refused a request body: too many request-body bytes in flight');
          callback();
          cut(frontDoorError('RATE_LIMITED', 429, describeBusy(bodyBudget.capacity), 1));
          return;
        }
        reservation.bytes += chunk.length;
        callback(null, chunk);
      },
      flush(callback: TransformCallback) {
        clearTimeout(timer);
        callback();
      },
    });
    timer.unref();
    const stop = () => clearTimeout(timer);
    counter.once('close', stop);
    reply.raw.once('close', stop);
    payload.on('error', (error) => counter.destroy(error));
    done(null, payload.pipe(counter));
  });

  const frontDoor: FrontDoor = { loginThrottle, bodyBudget, refuse, recordPasswordCheck };
  frontDoors.set(app, frontDoor);
  return frontDoor;
}

function describeTooLarge(limit: number): string {
  return `Request body larger than the gateway's limit of ${formatMiB(limit)} (ABV_MAX_BODY_SIZE raises it)`;
}

function describeBusy(capacity: number): string {
  return `The gateway is already receiving ${formatMiB(capacity)} of request bodies (AGT_MAX_BODY_BYTES_IN_FLIGHT); retry shortly`;
}

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/** `?key=` as one string; a repeated or bracketed key (an array or object after parsing) counts as no key. */
function readQueryKey(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const key: unknown = (query as Record<string, unknown>).key;
  return typeof key === 'string' ? key : undefined;
}
