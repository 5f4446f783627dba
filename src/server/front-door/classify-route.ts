import type { ClientProtocol } from '../protocol-adapter.js';

/**
 * What a route is, for the guards of the front door. Decided once per route when it is registered (from the
 * route's own pattern, never from a request's URL), and read back from the route the router matched.
 *
 * - `admin`: the admin API and `/metrics`; admin password (or session), Host, CSRF.
 * - `login`: `POST /api/login`; Host, CSRF, login throttle; no credentials needed.
 * - `status`: `GET /api/health`; Host only.
 * - `dashboard`: the dashboard's files; Host only.
 * - `oauth-callback`: `/auth/callback` of a browser sign-in; Host only (the sign-in's `state` guards it).
 * - `health`: `/healthz`, `/health`; Host, API key unless the auth mode exempts health checks.
 * - `ai`: every other route (the protocol routes, and any route nobody classified): Host, API key per auth mode,
 *   errors in the caller's protocol.
 * - `preflight`: `OPTIONS` (CORS preflight); Host only, never an API key (as the original app).
 * - `unmatched`: no route matched (404); Host only.
 */
export type RouteArea = 'admin' | 'login' | 'status' | 'dashboard' | 'oauth-callback' | 'health' | 'ai' | 'preflight' | 'unmatched';

export interface RouteClass {
  area: RouteArea;
  /** Whose error shape this route answers in (meaningful for `ai`, `health`, `preflight`). */
  protocol: ClientProtocol;
}

const DASHBOARD_PATHS = new Set(['/', '/index.html', '/favicon.ico', '/favicon.svg']);

/** The class of a route from its registered method and pattern (e.g. `POST`, `/v1beta/models/:modelAction`). */
export function classifyRoute(method: string | readonly string[], url: string): RouteClass {
  const methods = typeof method === 'string' ? [method] : method;
  const protocol = protocolOfRoute(methods, url);
  if (methods.length > 0 && methods.every((one) => one.toUpperCase() === 'OPTIONS')) return { area: 'preflight', protocol };
  if (url === '/api/login') return { area: 'login', protocol };
  if (url === '/api/health') return { area: 'status', protocol };
  if (url === '/api' || url.startsWith('/api/') || url === '/metrics') return { area: 'admin', protocol };
  if (url === '/auth/callback') return { area: 'oauth-callback', protocol };
  if (DASHBOARD_PATHS.has(url) || url.startsWith('/assets/')) return { area: 'dashboard', protocol };
  if (url === '/healthz' || url === '/health') return { area: 'health', protocol };
  return { area: 'ai', protocol };
}

/** Gemini under `/v1beta` and for `POST /v1/models/<model>:<action>`, Anthropic under `/v1/messages`, else OpenAI. */
function protocolOfRoute(methods: readonly string[], url: string): ClientProtocol {
  if (url.startsWith('/v1beta/') || url === '/v1beta') return 'gemini';
  if (url.startsWith('/v1/models/') && methods.some((one) => one.toUpperCase() === 'POST')) return 'gemini';
  if (url.startsWith('/v1/messages')) return 'anthropic';
  return 'openai';
}
