import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClassifiedRoutes, type ClassifiedRoute } from '../../../src/server/front-door/register-front-door.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { ADMIN_PASSWORD, findLeak, MODES, portOf, runLimited, startModeGateway } from './attack-helpers.js';
import { sendRawRequest } from './send-raw-request.js';

/**
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 talks to the gateway with its own
 * name in Host. Every registered route (AI routes included), in every auth mode, with valid credentials (so only
 * the Host check stands in the way): refused, in the protocol of the route for AI routes.
 */

const HOSTILE_HOSTS: Array<string | null> = [
  'evil.example',
  'evil.example:8045',
  '127.0.0.1:80@evil.example',
  'user@127.0.0.1',
  '[::1]evil.example',
  '[::1]:80evil.example',
  '[127.0.0.1]',
  'localhost.evil.example',
  '127.0.0.1.nip.io',
  'localhost.',
  '127.0.0.1:abc',
  '127.0.0.1:',
  '192.168.77.77',
  '0.0.0.0',
  '',
  null,
];

function concretePath(url: string): string {
  return url
    .replace(':modelAction', 'gemini-2.5-flash:generateContent')
    .replace(':model', 'gemini-2.5-flash')
    .replace(':id', 'x')
    .replace('*', 'x');
}

/** The error body each protocol's SDK expects, or the admin API's. */
function checkShape(route: ClassifiedRoute, status: number, body: string): string | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return `not JSON: ${body.slice(0, 80)}`;
  }
  const error = parsed.error as Record<string, unknown> | string | undefined;
  if (['admin', 'login', 'status', 'dashboard', 'oauth-callback'].includes(route.route.area)) {
    return typeof error === 'string' && parsed.code === 'FORBIDDEN_HOST' ? null : 'not the admin shape';
  }
  if (typeof error !== 'object' || error === null) return 'no error object';
  if (route.route.protocol === 'anthropic') return parsed.type === 'error' && error.type === 'permission_error' ? null : 'not an Anthropic error';
  if (route.route.protocol === 'gemini') return error.code === status && error.status === 'PERMISSION_DENIED' ? null : 'not a Gemini error';
  return typeof error.message === 'string' && typeof error.type === 'string' ? null : 'not an OpenAI error';
}

describe.each(MODES)('rebinding Hosts on every route — auth_mode $name', (mode) => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startModeGateway(mode);
  });
  afterAll(async () => test?.close());

  it('refuses every hostile Host on every route, in the route\'s own error shape, leaking nothing', { timeout: 120_000 }, async () => {
    const port = portOf(test);
    const routes = listClassifiedRoutes(test.gateway.app);
    expect(routes.some((route) => route.route.area === 'ai' && route.url === '/v1/chat/completions')).toBe(true);
    const attacks = routes.flatMap((route) => HOSTILE_HOSTS.map((host) => ({ route, host })));
    const failures: string[] = [];
    await runLimited(attacks, 16, async ({ route, host }) => {
      const credentials: Array<[string, string]> = ['admin', 'login'].includes(route.route.area)
        ? [['Authorization', `Bearer ${ADMIN_PASSWORD}`]]
        : [['x-api-key', test.apiKey]];
      const body = route.method === 'GET' || route.method === 'HEAD' || route.method === 'OPTIONS' ? undefined : '{}';
      const headers: Array<[string, string]> = body === undefined ? credentials : [...credentials, ['Content-Type', 'application/json']];
      const response = await sendRawRequest(port, { method: route.method, target: concretePath(route.url), host, headers, body });
      const label = `${route.method} ${route.url} Host=${JSON.stringify(host)}`;
      const leak = findLeak(test, response.raw);
      if (leak !== null) failures.push(`${label} leaked ${leak}`);
      // Node itself refuses a missing or malformed Host with 400 before the app sees it.
      if (response.status === 400 && (host === null || host === '' || host.includes('@') || host.includes(']e') || host.endsWith(':'))) return;
      if (response.status !== 403) {
        failures.push(`${label} → ${response.status} ${response.body.slice(0, 120)}`);
        return;
      }
      if (route.method === 'HEAD') return;
      const shape = checkShape(route, response.status, response.body);
      if (shape !== null) failures.push(`${label}: ${shape}: ${response.body.slice(0, 120)}`);
    });
    expect(failures).toEqual([]);
  });

  it('the same read requests with a loopback Host get through the Host check', { timeout: 60_000 }, async () => {
    const port = portOf(test);
    const reads = listClassifiedRoutes(test.gateway.app).filter((route) => route.method === 'GET' && route.url !== '/api/events');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      for (const route of reads) {
        const credentials: Array<[string, string]> = route.route.area === 'admin' ? [['Authorization', `Bearer ${ADMIN_PASSWORD}`]] : [['x-api-key', test.apiKey]];
        const response = await sendRawRequest(port, { method: 'GET', target: concretePath(route.url), host, headers: credentials });
        expect(response.status, `${route.url} Host=${host}: ${response.body.slice(0, 120)}`).not.toBe(403);
        expect(response.status).toBeLessThan(500);
      }
    }
  });
});
