import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClassifiedRoutes } from '../../../src/server/front-door/register-front-door.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { ADMIN_PASSWORD, findLeak, MODES, portOf, runLimited, snapshotState, startModeGateway } from './attack-helpers.js';
import { sendRawRequest } from './send-raw-request.js';

/**
 * The admin bypass of issue 10: a path spelled so that the router still matches an admin route (or /metrics) while
 * a guard reading the raw URL saw something else. Every admin route the app registered, every spelling, in every
 * auth mode, without credentials and with the API key (which is not the admin password): each answer is a 4xx that
 * leaks nothing, and nothing on disk changes. The same spellings with the admin password never reach a handler
 * either (400 / 404), while the plain path does.
 */

/** Spellings of `path` that a router might still match as `path` (or that a proxy in front might normalise to it). */
function spellingsOf(path: string, port: number): string[] {
  const encodeAt = (index: number) => `${path.slice(0, index)}%${path.charCodeAt(index).toString(16)}${path.slice(index + 1)}`;
  const encodeUpperAt = (index: number) => `${path.slice(0, index)}%${path.charCodeAt(index).toString(16).toUpperCase()}${path.slice(index + 1)}`;
  const lastLetter = path.search(/[a-z](?=[^a-z]*$)/);
  const firstSegmentEnd = path.indexOf('/', 1) === -1 ? path.length : path.indexOf('/', 1);
  return [
    encodeAt(1),
    encodeUpperAt(1),
    encodeAt(3),
    encodeAt(lastLetter),
    `${path.slice(0, 1)}%25${path.charCodeAt(1).toString(16)}${path.slice(2)}`,
    path.slice(0, 1) + path.slice(1).replace(/\//g, '%2F'),
    path.slice(0, 1) + path.slice(1).replace(/\//g, '%2f'),
    path.slice(0, 1) + path.slice(1).replace(/\//g, '%5C'),
    path.replace(/\//g, '\\'),
    `/${path}`,
    path.replace(/\//g, '//'),
    `${path}/`,
    `${path}.`,
    `${path}%2e`,
    `${path}%00`,
    `${path};x`,
    `${path}#x`,
    `${path}?#x`,
    path.toUpperCase(),
    path.slice(0, firstSegmentEnd).toUpperCase() + path.slice(firstSegmentEnd),
    `/./${path.slice(1)}`,
    `/x/..${path}`,
    `/x/%2e%2e${path}`,
    `/v1/..${path}`,
    `http://127.0.0.1:${port}${path}`,
    `http://localhost${path}`,
    `HTTP://evil.example${path}`,
    `//127.0.0.1:${port}${path}`,
  ].filter((spelling) => spelling !== path);
}

interface AdminRoute {
  method: string;
  path: string;
  body?: string;
}

/** Concrete requests for each registered admin route; writes carry bodies that would change something. */
function buildAdminRoutes(test: TestGateway, accountId: string): AdminRoute[] {
  const bodies: Record<string, string> = {
    'PUT /api/settings': JSON.stringify({ admin_password: 'pwned-password', auth_mode: 'off', allow_lan_access: true }),
    'POST /api/accounts/:id/toggle-proxy': JSON.stringify({ enable: false, reason: 'pwned' }),
    'POST /api/accounts': JSON.stringify({ refreshToken: 'sim-rt-not-a-real-token-000' }),
    'POST /api/accounts/oauth/start': '{}',
  };
  const routes = listClassifiedRoutes(test.gateway.app).filter((entry) => entry.route.area === 'admin');
  return routes.map(({ method, url }) => ({
    method,
    path: url.replace(':id', accountId),
    body: bodies[`${method} ${url}`] ?? (method === 'GET' || method === 'HEAD' ? undefined : '{}'),
  }));
}

describe.each(MODES)('admin routes and /metrics under every path spelling — auth_mode $name', (mode) => {
  let test: TestGateway;
  let routes: AdminRoute[];
  let before: Record<string, string>;

  beforeAll(async () => {
    // Every wrong credential here counts for the login throttle; this suite is about routing, so it may not kick in.
    test = await startModeGateway(mode, { AGT_LOGIN_FREE_FAILURES: '1000000' });
    const { accounts } = await test.gateway.store.loadAll();
    routes = buildAdminRoutes(test, accounts[0]?.id ?? 'missing');
    before = await snapshotState(test.dataDir);
  });
  afterAll(async () => test?.close());

  it('the app registers the admin routes the attack covers', () => {
    const paths = routes.map((route) => `${route.method} ${route.path}`);
    for (const expected of ['GET /api/settings', 'PUT /api/settings', 'GET /api/accounts', 'POST /api/settings/api-key/regenerate', 'GET /metrics', 'GET /api/logs/export', 'POST /api/logout', 'GET /api/events']) {
      expect(paths).toContain(expected);
    }
  });

  it('without the admin password, no spelling reaches an admin handler, and nothing leaks or changes', { timeout: 120_000 }, async () => {
    const port = portOf(test);
    const credentialSets: Array<{ name: string; headers: Array<[string, string]>; query: string }> = [
      { name: 'no credentials', headers: [], query: '' },
      { name: 'the API key everywhere', headers: [['Authorization', `Bearer ${test.apiKey}`], ['x-api-key', test.apiKey], ['x-goog-api-key', test.apiKey]], query: `key=${test.apiKey}` },
    ];
    const attacks = routes.flatMap((route) =>
      [route.path, ...spellingsOf(route.path, port)].flatMap((target) => credentialSets.map((credentials) => ({ route, target, credentials }))),
    );
    const failures: string[] = [];
    await runLimited(attacks, 16, async ({ route, target, credentials }) => {
      const withQuery = credentials.query === '' ? target : target.includes('#') ? target.replace('#', `${target.includes('?') ? '&' : '?'}${credentials.query}#`) : `${target}${target.includes('?') ? '&' : '?'}${credentials.query}`;
      const headers: Array<[string, string]> = [...credentials.headers];
      if (route.body !== undefined) headers.push(['Content-Type', 'application/json']);
      const response = await sendRawRequest(port, { method: route.method, target: withQuery, headers, body: route.body });
      const label = `${route.method} ${withQuery} (${credentials.name})`;
      if (response.status < 400 || response.status >= 500) failures.push(`${label} → ${response.status} ${response.body.slice(0, 160)}`);
      const leak = findLeak(test, response.raw);
      if (leak !== null) failures.push(`${label} leaked ${leak}`);
    });
    expect(failures).toEqual([]);
    expect(attacks.length).toBeGreaterThan(routes.length * 40);
    expect(await snapshotState(test.dataDir)).toEqual(before);
    expect(test.gateway.settings.current.adminPassword).toBe(ADMIN_PASSWORD);
  });

  it('with the admin password the plain path works, and the odd spellings still never reach a handler', { timeout: 120_000 }, async () => {
    const port = portOf(test);
    const reads = routes.filter((route) => route.method === 'GET' && route.path !== '/api/events');
    const failures: string[] = [];
    await runLimited(reads, 8, async (route) => {
      const plain = await sendRawRequest(port, { method: 'GET', target: route.path, headers: [['Authorization', `Bearer ${ADMIN_PASSWORD}`]] });
      if (plain.status === 401 || plain.status === 403 || plain.status >= 500) failures.push(`GET ${route.path} with the password → ${plain.status}`);
      for (const target of spellingsOf(route.path, port)) {
        const response = await sendRawRequest(port, { method: 'GET', target, headers: [['Authorization', `Bearer ${ADMIN_PASSWORD}`]] });
        if (response.status !== 400 && response.status !== 404) failures.push(`GET ${target} with the password → ${response.status}`);
      }
    });
    expect(failures).toEqual([]);
  });
});
