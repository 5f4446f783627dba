import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../../support/start-test-gateway.js';
import { ADMIN_PASSWORD, snapshotState } from './attack-helpers.js';

/**
 * Cross-site request forgery from a real browser. The user is logged in to the dashboard in headless Chromium; a page
 * on another port of 127.0.0.1 (same site for the browser, so the SameSite=Strict session cookie travels along) posts
 * forms with every encoding a form has (text/plain shaped as JSON, urlencoded, multipart) and fires no-cors and CORS
 * fetches at the admin API and an AI route. Nothing may change: not the API key, not an account, not the request log,
 * and no generation may reach the upstream. A DNS-rebinding page (its own name mapped to 127.0.0.1) gets 403s.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const DASHBOARD_DIR = join(REPO_ROOT, 'web', 'dist');

function attackPage(gateway: string, accountId: string): string {
  const forms: Array<{ action: string; enctype: string; name: string; value: string }> = [
    { action: '/api/settings/api-key/regenerate', enctype: 'text/plain', name: '{"x":"', value: '"}' },
    { action: '/api/settings/api-key/regenerate', enctype: 'application/x-www-form-urlencoded', name: 'x', value: '1' },
    { action: '/api/settings/api-key/regenerate', enctype: 'multipart/form-data', name: 'x', value: '1' },
    { action: `/api/accounts/${accountId}/toggle-proxy`, enctype: 'text/plain', name: '{"enable":false,"reason":"', value: 'csrf"}' },
    { action: '/api/logs/clear', enctype: 'text/plain', name: '{"a":"', value: '"}' },
    { action: '/api/accounts/reload', enctype: 'multipart/form-data', name: 'x', value: '1' },
    { action: '/api/logout', enctype: 'application/x-www-form-urlencoded', name: 'x', value: '1' },
    { action: '/api/login', enctype: 'text/plain', name: '{"password":"', value: `${ADMIN_PASSWORD}"}` },
    { action: '/v1/chat/completions', enctype: 'text/plain', name: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"', value: 'csrf"}]}' },
    { action: '/v1/messages', enctype: 'text/plain', name: '{"model":"gemini-2.5-flash","max_tokens":8,"messages":[{"role":"user","content":"', value: 'csrf"}]}' },
  ];
  const fetches = [
    { path: '/api/settings/api-key/regenerate', mode: 'no-cors', type: 'text/plain', body: '{}' },
    { path: `/api/accounts/${accountId}/toggle-proxy`, mode: 'no-cors', type: 'text/plain', body: '{"enable":false}' },
    { path: '/api/logs/clear', mode: 'no-cors', type: 'application/x-www-form-urlencoded', body: 'a=1' },
    { path: '/api/settings/api-key/regenerate', mode: 'cors', type: 'application/json', body: '{}' },
    { path: '/api/settings', mode: 'cors', type: 'application/json', body: '{"auth_mode":"off"}', method: 'PUT' },
    { path: '/v1/chat/completions', mode: 'no-cors', type: 'text/plain', body: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"csrf"}]}' },
  ];
  const formHtml = forms
    .map(
      (form, index) =>
        `<iframe name="f${index}"></iframe><form id="form${index}" method="POST" target="f${index}" enctype="${form.enctype}" action="${gateway}${form.action}">` +
        `<input type="hidden" name='${form.name.replace(/'/g, '&#39;')}' value='${form.value.replace(/'/g, '&#39;')}'></form>`,
    )
    .join('\n');
  return `<!doctype html><html><body>${formHtml}
<script>
  const forms = ${forms.length};
  let settled = 0;
  const results = [];
  const done = () => { if (++settled === forms + ${fetches.length}) document.title = 'done'; };
  for (let index = 0; index < forms; index++) {
    const frame = document.getElementsByName('f' + index)[0];
    frame.addEventListener('load', done, { once: true });
    document.getElementById('form' + index).submit();
  }
  for (const attack of ${JSON.stringify(fetches)}) {
    fetch(${JSON.stringify(gateway)} + attack.path, { method: attack.method || 'POST', mode: attack.mode, credentials: 'include', headers: { 'content-type': attack.type }, body: attack.body })
      .then((response) => results.push(attack.path + ' ' + response.type + ' ' + response.status), (error) => results.push(attack.path + ' blocked ' + error.message))
      .finally(() => { window.results = results; done(); });
  }
</script></body></html>`;
}

describe.skipIf(!hasChromium)('cross-site attacks from a real browser', () => {
  let test: TestGateway;
  let evil: Server;
  let evilOrigin: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    // The key is the saved one, which the admin API can regenerate: a forged request that reached that handler would change it.
    test = await startTestGateway({ accounts: 1, apiKeyIn: 'file', flags: { authMode: 'auto', adminPassword: ADMIN_PASSWORD }, dashboardDir: DASHBOARD_DIR });
    const { accounts } = await test.gateway.store.loadAll();
    const page = attackPage(test.baseUrl, accounts[0].id);
    evil = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const address = evil.address();
    evilOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        // DNS rebinding without DNS: the attacker's name resolves to the loopback.
        '--host-resolver-rules=MAP rebind.test 127.0.0.1',
        // Chromium's own private-network checks would stop the rebinding page first; other browsers have none, so
        // they are off here and the gateway has to stand on its own.
        '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
      ],
    });
    context = await browser.newContext();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await test?.close();
  });

  it('a page on another local port cannot change anything through the logged-in browser', { timeout: 90_000 }, async () => {
    const dashboard = await context.newPage();
    await dashboard.goto(`${test.baseUrl}/`);
    await dashboard.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await dashboard.getByTestId('login-submit').click();
    await dashboard.locator('[data-testid=account-row]').first().waitFor({ timeout: 15_000 });
    // One request in the log, so a cleared log would show.
    await fetch(`${test.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }) });
    const logTotal = async () =>
      ((await (await fetch(`${test.baseUrl}/api/logs?limit=1`, { headers: { authorization: `Bearer ${ADMIN_PASSWORD}` } })).json()) as { total: number }).total;
    const logBefore = await logTotal();
    const before = await snapshotState(test.dataDir);
    const apiKey = test.gateway.settings.current.apiKey;
    const generateBefore = JSON.stringify(test.simulator.state.counters().generate);
    const refusedBefore = test.logs().filter((line) => line.msg === 'Refused a cross-origin request').length;

    const attacker = await context.newPage();
    await attacker.goto(`${evilOrigin}/`);
    await attacker.waitForFunction(() => document.title === 'done', undefined, { timeout: 30_000 });
    const results = (await attacker.evaluate(() => (window as unknown as { results: string[] }).results)).join('\n');
    // The CORS fetches never got past the preflight (the gateway grants no CORS).
    expect(results).toMatch(/\/api\/settings blocked/);

    expect(test.gateway.settings.current.apiKey).toBe(apiKey);
    expect(await snapshotState(test.dataDir)).toEqual(before);
    expect(JSON.stringify(test.simulator.state.counters().generate)).toBe(generateBefore);
    expect(await logTotal()).toBeGreaterThanOrEqual(logBefore);
    // The forms and no-cors fetches did reach the gateway and were refused there (10 forms + 4 no-cors fetches).
    const refused = test.logs().filter((line) => line.msg === 'Refused a cross-origin request').length - refusedBefore;
    expect(refused).toBeGreaterThanOrEqual(14);

    // The session is still alive, and the dashboard's own requests still work.
    const own = await dashboard.evaluate(async () => {
      const response = await fetch('/api/accounts/reload', { method: 'POST', headers: { 'content-type': 'application/json' } });
      return response.status;
    });
    expect(own).toBe(200);
  });

  it('a DNS-rebinding page gets 403 from every area', { timeout: 60_000 }, async () => {
    const port = new URL(test.baseUrl).port;
    const rebound = `http://rebind.test:${port}`;
    const page = await context.newPage();
    // The attacker's page, served "by rebind.test" before its name pointed to 127.0.0.1; everything after goes to agt.
    await page.route(`${rebound}/attack.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>rebind</title>' }));
    await page.goto(`${rebound}/attack.html`);
    const statuses = await page.evaluate(async () => {
      const out: Record<string, number> = {};
      for (const [path, init] of [
        ['/api/settings', {}],
        ['/api/accounts', { headers: { authorization: 'Bearer guess' } }],
        ['/metrics', {}],
        ['/', {}],
        ['/v1/models', {}],
        ['/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}' }],
      ] as Array<[string, RequestInit]>) {
        out[path] = (await fetch(path, init)).status;
      }
      return out;
    });
    expect(statuses).toEqual({ '/api/settings': 403, '/api/accounts': 403, '/metrics': 403, '/': 403, '/v1/models': 403, '/v1/chat/completions': 403 });
  });
});
