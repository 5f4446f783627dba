import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The auth_mode contract (reference A.2) against running gateways: every mode × every way of sending the
 * key × a health route and a model route, the header precedence pitfall, OPTIONS, 401 bodies in the
 * caller's protocol, and key / mode changes that apply without a restart.
 */

const MODEL = 'gemini-2.5-flash';
const WRONG = 'sk-wrong-key-9999';

type Credential = { name: string; headers: (key: string) => Record<string, string>; query?: (key: string) => string; valid: boolean };

/** Ways a client sends a key; `valid` says whether the gateway must accept it when the key is right. */
const CREDENTIALS: Credential[] = [
  { name: 'no key', headers: () => ({}), valid: false },
  { name: 'Authorization: Bearer <right>', headers: (key) => ({ authorization: `Bearer ${key}` }), valid: true },
  { name: 'Authorization: Bearer <wrong>', headers: () => ({ authorization: `Bearer ${WRONG}` }), valid: false },
  { name: 'Authorization: <right> (no Bearer)', headers: (key) => ({ authorization: key }), valid: true },
  { name: 'Authorization: Bearer<right> (no space)', headers: (key) => ({ authorization: `Bearer${key}` }), valid: false },
  { name: 'x-api-key <right>', headers: (key) => ({ 'x-api-key': key }), valid: true },
  { name: 'x-api-key <wrong>', headers: () => ({ 'x-api-key': WRONG }), valid: false },
  { name: 'x-goog-api-key <right>', headers: (key) => ({ 'x-goog-api-key': key }), valid: true },
  { name: 'x-goog-api-key <wrong>', headers: () => ({ 'x-goog-api-key': WRONG }), valid: false },
  { name: '?key=<right>', headers: () => ({}), query: (key) => `key=${encodeURIComponent(key)}`, valid: true },
  { name: '?key=<wrong>', headers: () => ({}), query: () => `key=${WRONG}`, valid: false },
  // First header present wins: a wrong Authorization hides a correct x-api-key (the lesson's pitfall) …
  { name: 'wrong Bearer + right x-api-key', headers: (key) => ({ authorization: `Bearer ${WRONG}`, 'x-api-key': key }), valid: false },
  { name: 'wrong x-api-key + right x-goog-api-key', headers: (key) => ({ 'x-api-key': WRONG, 'x-goog-api-key': key }), valid: false },
  { name: 'wrong Bearer + right ?key=', headers: () => ({ authorization: `Bearer ${WRONG}` }), query: (key) => `key=${key}`, valid: false },
  // … and a right one wins over a wrong one further down.
  { name: 'right Bearer + wrong x-api-key', headers: (key) => ({ authorization: `Bearer ${key}`, 'x-api-key': WRONG }), valid: true },
  { name: 'right x-api-key + wrong ?key=', headers: (key) => ({ 'x-api-key': key }), query: () => `key=${WRONG}`, valid: true },
];

interface ModeCase {
  name: string;
  authMode: 'off' | 'strict' | 'all_except_health' | 'auto';
  allowLanAccess: boolean;
  /** What the effective mode requires: [health route, model route]. */
  requires: { health: boolean; models: boolean };
}

const MODES: ModeCase[] = [
  { name: 'off', authMode: 'off', allowLanAccess: false, requires: { health: false, models: false } },
  { name: 'strict', authMode: 'strict', allowLanAccess: false, requires: { health: true, models: true } },
  { name: 'all_except_health', authMode: 'all_except_health', allowLanAccess: false, requires: { health: false, models: true } },
  { name: 'auto, allow_lan_access=false (→ off)', authMode: 'auto', allowLanAccess: false, requires: { health: false, models: false } },
  { name: 'auto, allow_lan_access=true (→ all_except_health)', authMode: 'auto', allowLanAccess: true, requires: { health: false, models: true } },
];

const ROUTES: Array<{ path: string; kind: 'health' | 'models' }> = [
  { path: '/healthz', kind: 'health' },
  { path: '/health', kind: 'health' },
  { path: '/v1/models', kind: 'models' },
  { path: '/v1beta/models', kind: 'models' },
];

async function get(baseUrl: string, path: string, headers: Record<string, string>, query?: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, { headers });
  return { status: response.status, body: await response.text() };
}

describe('auth_mode × key source × route', () => {
  const gateways = new Map<string, TestGateway>();

  beforeAll(async () => {
    for (const mode of MODES) {
      gateways.set(mode.name, await startTestGateway({ accounts: 1, flags: { authMode: mode.authMode, allowLanAccess: mode.allowLanAccess } }));
    }
  });

  afterAll(async () => {
    for (const gateway of gateways.values()) await gateway.close();
  });

  for (const mode of MODES) {
    it(`${mode.name}: every key source on health and model routes`, async () => {
      const gateway = gateways.get(mode.name) as TestGateway;
      expect(gateway.gateway.settings.current.authMode).toBe(mode.authMode);
      expect(gateway.gateway.settings.current.allowLanAccess).toBe(mode.allowLanAccess);
      const failures: string[] = [];
      for (const route of ROUTES) {
        for (const credential of CREDENTIALS) {
          const required = mode.requires[route.kind];
          const expected = !required || credential.valid ? 200 : 401;
          const reply = await get(gateway.baseUrl, route.path, credential.headers(gateway.apiKey), credential.query?.(gateway.apiKey));
          if (reply.status !== expected) failures.push(`${route.path} with ${credential.name}: got ${reply.status}, expected ${expected} (${reply.body.slice(0, 200)})`);
          if (reply.status === 401) expect(reply.body).not.toContain(gateway.apiKey);
        }
      }
      expect(failures).toEqual([]);
    });

    it(`${mode.name}: OPTIONS (CORS preflight) always passes`, async () => {
      const gateway = gateways.get(mode.name) as TestGateway;
      for (const path of ['/v1/chat/completions', '/v1/messages', `/v1beta/models/${MODEL}:generateContent`, '/healthz']) {
        const response = await fetch(`${gateway.baseUrl}${path}`, {
          method: 'OPTIONS',
          headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
        });
        expect(response.status, path).toBeLessThan(400);
      }
    });
  }

  it('a generation request passes with the right key in each header the protocol\'s clients use', async () => {
    const gateway = gateways.get('strict') as TestGateway;
    const openai = await fetch(`${gateway.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}` },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(openai.status).toBe(200);
    const anthropic = await fetch(`${gateway.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway.apiKey, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(anthropic.status).toBe(200);
    const gemini = await fetch(`${gateway.baseUrl}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': gateway.apiKey },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(gemini.status).toBe(200);
    const geminiQuery = await fetch(`${gateway.baseUrl}/v1beta/models/${MODEL}:generateContent?key=${gateway.apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(geminiQuery.status).toBe(200);
  });

  it('a 401 has the caller\'s protocol shape and never echoes a key', async () => {
    const gateway = gateways.get('strict') as TestGateway;
    const cases: Array<{ method: string; path: string; check: (body: unknown) => void }> = [
      { method: 'POST', path: '/v1/chat/completions', check: (body) => expect(body).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key', message: expect.any(String) } }) },
      { method: 'GET', path: '/v1/models', check: (body) => expect(body).toMatchObject({ error: { code: 'invalid_api_key' } }) },
      { method: 'POST', path: '/v1/messages', check: (body) => expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } }) },
      { method: 'POST', path: '/v1/messages/count_tokens', check: (body) => expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } }) },
      { method: 'POST', path: `/v1beta/models/${MODEL}:generateContent`, check: (body) => expect(body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', message: expect.any(String) } }) },
      { method: 'POST', path: `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, check: (body) => expect(body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } }) },
      { method: 'GET', path: '/v1beta/models', check: (body) => expect(body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } }) },
      { method: 'POST', path: `/v1/models/${MODEL}:generateContent`, check: (body) => expect(body).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } }) },
    ];
    for (const { method, path, check } of cases) {
      for (const headers of [{}, { authorization: `Bearer ${WRONG}`, 'x-api-key': gateway.apiKey }] as Array<Record<string, string>>) {
        const response = await fetch(`${gateway.baseUrl}${path}`, {
          method,
          headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          body: method === 'POST' ? JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }) : undefined,
        });
        expect(response.status, path).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/application\/json/);
        const text = await response.text();
        check(JSON.parse(text));
        expect(text).not.toContain(gateway.apiKey);
        expect(text).not.toContain(WRONG);
      }
    }
  });

  it('a repeated ?key= (an array in the query) is refused with a 401, not a crash', async () => {
    const gateway = gateways.get('strict') as TestGateway;
    for (const query of [`key=${WRONG}&key=${gateway.apiKey}`, `key=${gateway.apiKey}&key=${gateway.apiKey}`, 'key[]=x', 'key[a]=x']) {
      const reply = await get(gateway.baseUrl, '/v1/models', {}, query);
      expect(reply.status, query).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
    }
    // Headers cannot be arrays, but a doubled x-api-key arrives joined; it is simply wrong.
    const doubled = await fetch(`${gateway.baseUrl}/v1/models`, { headers: [['x-api-key', gateway.apiKey], ['x-api-key', gateway.apiKey]] });
    expect(doubled.status).toBe(401);
    expect((await get(gateway.baseUrl, '/v1/models', { authorization: `Bearer ${gateway.apiKey}` })).status).toBe(200);
  });
});

describe('auth changes apply without a restart', () => {
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway({ accounts: 1, apiKeyIn: 'file', flags: { authMode: 'off' } });
  });

  afterAll(async () => {
    await test.close();
  });

  it('mode and key changes through the live settings take effect on the next request', async () => {
    const { gateway, baseUrl, apiKey } = test;
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(200);

    await gateway.settings.update({ authMode: 'strict' });
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(401);
    expect((await get(baseUrl, '/healthz', {})).status).toBe(401);
    expect((await get(baseUrl, '/v1/models', { authorization: `Bearer ${apiKey}` })).status).toBe(200);

    await gateway.settings.update({ authMode: 'all_except_health' });
    expect((await get(baseUrl, '/healthz', {})).status).toBe(200);
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(401);

    const newKey = 'sk-rotated-key-4242424242';
    await gateway.settings.update({ apiKey: newKey });
    expect((await get(baseUrl, '/v1/models', { authorization: `Bearer ${apiKey}` })).status).toBe(401);
    expect((await get(baseUrl, '/v1/models', { 'x-api-key': newKey })).status).toBe(200);

    // auto follows allow_lan_access at once (the bind address itself changes only on restart).
    await gateway.settings.update({ authMode: 'auto', allowLanAccess: false });
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(200);
    await gateway.settings.update({ allowLanAccess: true });
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(401);
    expect((await get(baseUrl, '/healthz', {})).status).toBe(200);
    await gateway.settings.update({ authMode: 'off', allowLanAccess: false, apiKey });
  });

  it('the admin API (key as Bearer) switches the mode and regenerates the key live', async () => {
    const { baseUrl, apiKey } = test;
    const admin = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
    const put = await fetch(`${baseUrl}/api/settings`, { method: 'PUT', headers: admin(apiKey), body: JSON.stringify({ auth_mode: 'strict' }) });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ auth_mode: 'strict', effective_auth_mode: 'strict' });
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(401);
    expect((await get(baseUrl, '/v1/models', { 'x-api-key': apiKey })).status).toBe(200);

    const regenerated = await fetch(`${baseUrl}/api/settings/api-key/regenerate`, { method: 'POST', headers: admin(apiKey) });
    expect(regenerated.status).toBe(200);
    const { api_key: newKey } = (await regenerated.json()) as { api_key: string };
    expect(newKey).not.toBe(apiKey);
    expect((await get(baseUrl, '/v1/models', { 'x-api-key': apiKey })).status).toBe(401);
    expect((await get(baseUrl, '/v1/models', { 'x-api-key': newKey })).status).toBe(200);

    const off = await fetch(`${baseUrl}/api/settings`, { method: 'PUT', headers: admin(newKey), body: JSON.stringify({ auth_mode: 'off' }) });
    expect(off.status).toBe(200);
    expect((await get(baseUrl, '/v1/models', {})).status).toBe(200);
    // The admin API itself never opens up with auth_mode off.
    expect((await fetch(`${baseUrl}/api/settings`)).status).toBe(401);
  });
});
