import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountByEmail, waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/** Every admin route over HTTP: success, auth failures, a foreign Host, bad bodies (clear 4xx, nothing changed). */
describe('admin API', () => {
  let test: TestGateway;
  const adminPassword = 'correct horse battery staple';

  const call = async (method: string, path: string, options: { body?: unknown; auth?: string | null; host?: string; cookie?: string; raw?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.auth !== null) headers.authorization = `Bearer ${options.auth ?? adminPassword}`;
    if (options.host) headers.host = options.host;
    // A session cookie is what a browser sends, and a browser names the page's origin on every state-changing request.
    if (options.cookie) {
      headers.cookie = options.cookie;
      headers.origin = test.baseUrl;
    }
    // State-changing admin requests are JSON, with or without a body (docs/security.md).
    if (options.body !== undefined || options.raw !== undefined || !['GET', 'HEAD'].includes(method)) headers['content-type'] = 'application/json';
    const response = await request(`${test.baseUrl}${path}`, {
      method: method as 'GET',
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.body.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.statusCode, headers: response.headers, text, json: json as Record<string, unknown> & { error?: string; code?: string } };
  };

  beforeAll(async () => {
    // The key is the saved one, as for a user who never passes --api-key: the one the dashboard can regenerate.
    test = await startTestGateway({ accounts: 2, apiKeyIn: 'file', flags: { adminPassword } });
  });
  afterAll(async () => test?.close());

  it('refuses missing and wrong credentials, and the API key when an admin password is set', async () => {
    for (const auth of [null, 'wrong', test.apiKey]) {
      const response = await call('GET', '/api/accounts', { auth });
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect((await call('GET', '/metrics', { auth: null })).status).toBe(401);
    expect((await call('GET', '/api/accounts')).status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) even with the right password, and sends no wildcard CORS', async () => {
    const rebound = await call('GET', '/api/accounts', { host: 'evil.example.com:8045' });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toMatchObject({ code: 'FORBIDDEN_HOST' });
    expect((await call('GET', '/', { host: 'attacker.test', auth: null })).status).toBe(403);
    for (const host of ['localhost:8045', '127.0.0.1', '[::1]:8045']) expect((await call('GET', '/api/session', { host })).status).toBe(200);
    // Another machine's address is not this gateway's name while it listens on the loopback only.
    expect((await call('GET', '/api/session', { host: '192.168.1.20:8045' })).status).toBe(403);
    expect((await call('GET', '/api/accounts')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('login: empty and wrong passwords fail, the right one sets an HttpOnly SameSite=Strict cookie that works and can be logged out', async () => {
    expect((await call('POST', '/api/login', { auth: null, body: { password: '' } })).status).toBe(401);
    expect((await call('POST', '/api/login', { auth: null, body: { password: 'nope' } })).status).toBe(401);
    expect((await call('POST', '/api/login', { auth: null, body: {} })).status).toBe(400);
    const login = await call('POST', '/api/login', { auth: null, body: { password: adminPassword } });
    expect(login.status).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/agt_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\//);
    const cookie = setCookie.split(';')[0];
    expect((await call('GET', '/api/session', { auth: null, cookie })).json).toEqual({ authenticated: true });
    await call('POST', '/api/logout', { auth: null, cookie });
    expect((await call('GET', '/api/session', { auth: null, cookie })).status).toBe(401);
  });

  it('lists accounts with their state and no tokens', async () => {
    const response = await call('GET', '/api/accounts');
    const accounts = response.json.accounts as Array<Record<string, unknown>>;
    expect(accounts.map((account) => account.email).sort()).toEqual(test.emails);
    expect(accounts.every((account) => account.state === 'active')).toBe(true);
    expect(response.text).not.toMatch(/sim-(rt|at)-/);
    const pool = await call('GET', '/api/pool');
    expect(pool.json.summary).toMatchObject({ total: 2, active: 2, disabled: 0 });
  });

  it('adds an account by refresh token; rejects bad bodies and dead tokens with clear errors and no change', async () => {
    const before = (await call('GET', '/api/accounts')).json.accounts as unknown[];
    for (const body of [{}, { refreshToken: 42 }, { refreshToken: '' }]) {
      const response = await call('POST', '/api/accounts', { body });
      expect(response.status).toBe(400);
      expect(response.json.error).toMatch(/refreshToken/);
    }
    expect((await call('POST', '/api/accounts', { raw: '{"refreshToken":' })).status).toBe(400);
    expect((await call('POST', '/api/accounts', { body: { refreshToken: 'sim-rt-this-token-does-not-exist' } })).json).toMatchObject({ code: 'INVALID_GRANT' });
    expect(((await call('GET', '/api/accounts')).json.accounts as unknown[]).length).toBe(before.length);

    const created = test.simulator.state.createAccount({ email: 'new@example.com' });
    const added = await call('POST', '/api/accounts', { body: { refreshToken: created.refreshToken } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ created: true, reenabled: false, account: { email: 'new@example.com', state: 'active' } });
  });

  it('toggles proxy_disabled with a reason and the gateway skips the account', async () => {
    const account = await readAccountByEmail(test.dataDir, 'new@example.com');
    expect((await call('POST', `/api/accounts/${account.id}/toggle-proxy`, { body: { enable: 'no' } })).status).toBe(400);
    expect((await call('POST', '/api/accounts/00000000-0000-4000-8000-000000000000/toggle-proxy', { body: { enable: false } })).status).toBe(404);
    const disabled = await call('POST', `/api/accounts/${account.id}/toggle-proxy`, { body: { enable: false, reason: 'testing' } });
    expect(disabled.json.account).toMatchObject({ state: 'proxy_disabled', proxy_disabled_reason: 'testing' });
    expect(await readAccountByEmail(test.dataDir, 'new@example.com')).toMatchObject({ proxy_disabled: true, proxy_disabled_reason: 'testing' });
    const before = test.simulator.state.counters().generate['new@example.com'] ?? 0;
    for (let index = 0; index < 4; index++) {
      const response = await fetch(`${test.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
    }
    expect(test.simulator.state.counters().generate['new@example.com'] ?? 0).toBe(before);
    const enabled = await call('POST', `/api/accounts/${account.id}/toggle-proxy`, { body: { enable: true } });
    expect(enabled.json.account).toMatchObject({ state: 'active', proxy_disabled: false });
  });

  it('refreshes one account quota and reloads the pool', async () => {
    const account = await readAccountByEmail(test.dataDir, 'new@example.com');
    const before = Date.now();
    const refreshed = await call('POST', `/api/accounts/${account.id}/refresh-quota`);
    expect(refreshed.status).toBe(200);
    // The same fetch is the account's model catalogue for routing.
    expect(test.gateway.catalogues.get(account.id)?.fetchedAtMs).toBeGreaterThanOrEqual(before);
    const quota = (refreshed.json.account as { quota: { models: Array<{ name: string; percentage: number }> } }).quota;
    expect(quota.models.find((model) => model.name === 'gemini-3-flash')?.percentage).toBe(100);
    expect((await call('POST', '/api/accounts/reload')).json).toEqual({ count: 3 });
  });

  it('deletes an account: it is gone from disk and from the pool', async () => {
    const account = await readAccountByEmail(test.dataDir, 'new@example.com');
    expect((await call('DELETE', `/api/accounts/${account.id}`)).json).toEqual({ ok: true });
    expect((await call('DELETE', `/api/accounts/${account.id}`)).status).toBe(404);
    expect(test.gateway.pool.has(account.id)).toBe(false);
  });

  it('browser sign-in: start gives a Google URL with state and PKCE; the callback checks state and adds the account', async () => {
    const started = await call('POST', '/api/accounts/oauth/start', { body: {} });
    const url = new URL(started.json.url as string);
    expect(url.searchParams.get('state')).toBe(started.json.state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/callback$/);
    expect((await call('GET', `/api/accounts/oauth/status?state=${started.json.state}`)).json).toEqual({ status: 'pending' });

    const forged = await call('GET', '/auth/callback?code=abc&state=forged', { auth: null });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('state mismatch');

    test.simulator.state.createAccount({ email: 'browser@example.com' });
    test.simulator.state.setConsentAccount('browser@example.com');
    const consent = await request(started.json.url as string, { method: 'GET' });
    expect(consent.statusCode).toBe(302);
    await consent.body.dump();
    const callback = await request(String(consent.headers.location), { method: 'GET' });
    expect(callback.statusCode).toBe(200);
    expect(await callback.body.text()).toContain('browser@example.com is ready');
    const status = await call('GET', `/api/accounts/oauth/status?state=${started.json.state}`);
    expect(status.json).toMatchObject({ status: 'done' });
    expect((await readAccountByEmail(test.dataDir, 'browser@example.com')).id).toBe(status.json.accountId);
  });

  it('settings: read, update live and persist to gui_config.json, reject bad bodies, regenerate the key', async () => {
    const settings = await call('GET', '/api/settings');
    expect(settings.json).toMatchObject({ auth_mode: 'strict', effective_auth_mode: 'strict', admin_password_set: true, api_key: test.apiKey });
    for (const body of [{ auth_mode: 'sometimes' }, { port: 70000 }, { custom_mapping: { a: 1 } }, { unknown_field: true }]) {
      const response = await call('PUT', '/api/settings', { body });
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('INVALID_BODY');
    }
    const updated = await call('PUT', '/api/settings', { body: { custom_mapping: { 'my-model': 'gemini-2.5-pro' }, log_retention_days: 7 } });
    expect(updated.json).toMatchObject({ custom_mapping: { 'my-model': 'gemini-2.5-pro' }, log_retention_days: 7 });
    const file = JSON.parse(await readFile(join(test.dataDir, 'gui_config.json'), 'utf8')) as { proxy: Record<string, unknown> };
    expect(file.proxy).toMatchObject({ custom_mapping: { 'my-model': 'gemini-2.5-pro' }, log_retention_days: 7 });
    const models = (await (await fetch(`${test.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${test.apiKey}` } })).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((model) => model.id)).toContain('my-model');

    const regenerated = await call('POST', '/api/settings/api-key/regenerate');
    const newKey = regenerated.json.api_key as string;
    expect(newKey).toMatch(/^sk-[0-9a-f]{32}$/);
    expect((await fetch(`${test.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${test.apiKey}` } })).status).toBe(401);
    expect((await fetch(`${test.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${newKey}` } })).status).toBe(200);
    test.apiKey = newKey;
    // The file watcher's reload of the saved key must not bring the old one back.
    const saved = JSON.parse(await readFile(join(test.dataDir, 'gui_config.json'), 'utf8')) as { proxy: { api_key: string } };
    expect(saved.proxy.api_key).toBe(newKey);
    await test.gateway.settings.reload();
    expect((await fetch(`${test.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${newKey}` } })).status).toBe(200);
  });

  it('a key set by --api-key or the environment cannot be regenerated: 409, and the key keeps working', async () => {
    for (const [options, code] of [
      [{ flags: { adminPassword } }, 'SET_BY_FLAG'],
      [{ apiKeyIn: 'file' as const, env: { API_KEY: 'sk-from-the-environment-0123' }, flags: { adminPassword } }, 'SET_BY_ENVIRONMENT'],
    ] as const) {
      const other = await startTestGateway({ accounts: 1, waitForCatalogues: false, ...options });
      try {
        const key = options.env?.API_KEY ?? other.apiKey;
        const headers = { authorization: `Bearer ${adminPassword}`, 'content-type': 'application/json' };
        const response = await fetch(`${other.baseUrl}/api/settings/api-key/regenerate`, { method: 'POST', headers });
        expect(response.status).toBe(409);
        expect(((await response.json()) as { code: string }).code).toBe(code);
        expect((await fetch(`${other.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      } finally {
        await other.close();
      }
    }
  });

  it('request log: list with filters, one entry in full with secrets redacted, JSONL export', async () => {
    await fetch(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'my secret is sk-abcdefabcdefabcdef1234' }] }),
    });
    await fetch(`${test.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': test.apiKey, 'content-type': 'application/json' },
      body: '{"model": 12}',
    });
    const all = await waitFor(async () => {
      const response = await call('GET', '/api/logs?limit=100');
      return (response.json.total as number) >= 2 ? response : undefined;
    });
    const items = all.json.items as Array<Record<string, unknown>>;
    expect(items[0]).toHaveProperty('protocol');
    const errors = (await call('GET', '/api/logs?errors_only=1')).json.items as Array<{ status: number; protocol: string }>;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((item) => item.status >= 400)).toBe(true);
    const anthropic = (await call('GET', '/api/logs?protocol=anthropic')).json.items as Array<{ protocol: string }>;
    expect(anthropic.every((item) => item.protocol === 'anthropic')).toBe(true);
    const openai = (await call('GET', '/api/logs?protocol=openai&status=200&model=flash')).json.items as Array<{ id: string; status: number }>;
    expect(openai.length).toBeGreaterThan(0);
    const entry = await call('GET', `/api/logs/${openai[0].id}`);
    expect(entry.json).toMatchObject({ status: 200, protocol: 'openai' });
    expect(String(entry.json.request_body)).not.toContain('sk-abcdefabcdefabcdef1234');
    expect((await call('GET', '/api/logs/does-not-exist')).status).toBe(404);
    const exported = await call('GET', '/api/logs/export');
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.text.trim().split('\n');
    expect(lines.length).toBe(all.json.total);
    expect(JSON.parse(lines[0])).toHaveProperty('request_body');
  });

  it('request logging switched off records nothing until it is switched on again', async () => {
    const before = (await call('GET', '/api/logs')).json.total as number;
    expect((await call('PUT', '/api/settings', { body: { enable_logging: false } })).json.enable_logging).toBe(false);
    const send = async () =>
      (
        await fetch(`${test.baseUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'not logged' }] }),
        })
      ).status;
    expect(await send()).toBe(200);
    expect((await call('GET', '/api/logs')).json.total).toBe(before);
    await call('PUT', '/api/settings', { body: { enable_logging: true } });
    expect(await send()).toBe(200);
    expect((await call('GET', '/api/logs')).json.total).toBe(before + 1);
  });

  it('metrics in Prometheus text format', async () => {
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(/# TYPE agt_requests_total counter/);
    // Requests are counted by the upstream model that served them.
    expect(metrics.text).toMatch(/agt_requests_total\{protocol="openai",model="gemini-3[^"]*",status="200"\} \d+/);
    expect(metrics.text).toMatch(/agt_accounts\{state="active"\} \d+/);
    expect(metrics.text).toMatch(/agt_upstream_latency_seconds_bucket/);
  });

  it('events: an SSE stream that announces account changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${test.baseUrl}/api/events`, { headers: { authorization: `Bearer ${adminPassword}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    await call('POST', '/api/accounts/reload');
    await waitFor(async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
      return text.includes('event: accounts');
    });
    controller.abort();
  });
});
