import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ANTIGRAVITY_VERSION } from '../../src/google/index.js';
import { waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * Two upstream answers that are not the account's fault, end to end over the simulated Google:
 * - the client-version refusal (a 503, a 404, or a 200 whose completion is the refusal sentence): a configuration
 *   fault — no account cooled, the client told which setting to change, the log and the dashboard say it once;
 * - the bare 429 (no quota details) that flagged prompts get: one other account tried, then the client is told it
 *   may be the content; nothing cooled.
 */

const MODEL = 'gemini-3-flash';
type Protocol = 'openai' | 'anthropic' | 'gemini';

let test: TestGateway | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

function requestFor(protocol: Protocol, stream: boolean, system?: string): { path: string; body: Record<string, unknown> } {
  if (protocol === 'openai') {
    const messages = [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: 'hello there' }];
    return { path: '/v1/chat/completions', body: { model: MODEL, stream, messages } };
  }
  if (protocol === 'anthropic') {
    return { path: '/v1/messages', body: { model: MODEL, max_tokens: 256, stream, ...(system ? { system } : {}), messages: [{ role: 'user', content: 'hello there' }] } };
  }
  const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return {
    path: `/v1beta/models/${MODEL}:${action}`,
    body: { ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}), contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] },
  };
}

async function send(gateway: TestGateway, protocol: Protocol, options: { stream?: boolean; system?: string } = {}) {
  const { path, body } = requestFor(protocol, options.stream ?? false, options.system);
  const response = await fetch(`${gateway.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}`, 'x-api-key': gateway.apiKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The error message in each protocol's native error body. */
function errorMessage(protocol: Protocol, text: string): string {
  const body = JSON.parse(text) as { error?: { message?: string }; type?: string };
  if (protocol === 'anthropic') expect(body.type).toBe('error');
  return body.error?.message ?? '';
}

async function admin(gateway: TestGateway, method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${gateway.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function generateCalls(gateway: TestGateway): number {
  return Object.values(gateway.simulator.state.counters().generate).reduce((sum, count) => sum + count, 0);
}

function rejections(gateway: TestGateway, rule: string): number {
  return gateway.simulator.state.counters().ruleRejections[rule] ?? 0;
}

function expectNothingCooled(gateway: TestGateway): void {
  expect(gateway.gateway.pool.stateCounts()).toMatchObject({ active: gateway.emails.length, cooling_down: 0, disabled: 0 });
}

describe('client version', () => {
  it('the default version passes the simulated backend\'s gate on every protocol', async () => {
    test = await startTestGateway({ accounts: 1 });
    for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
      expect((await send(test, protocol)).status).toBe(200);
      expect((await send(test, protocol, { stream: true })).status).toBe(200);
    }
    expect(rejections(test, 'require-supported-client-version')).toBe(0);
    expect(test.simulator.state.settings.minClientVersion).toBe('2.9.0');
  });

  for (const refusal of ['503', '404', 'completion'] as const) {
    it(`a refusal as ${refusal} is a configuration fault: nothing cooled, every protocol told the setting, logged once`, async () => {
      test = await startTestGateway({ accounts: 2, env: { AGT_ANTIGRAVITY_VERSION: '1.15.8' } });
      test.simulator.state.updateSettings({ clientVersionRefusal: refusal });
      let requests = 0;
      for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
        for (const stream of [false, true]) {
          const reply = await send(test, protocol, { stream });
          requests += 1;
          expect(reply.status, `${protocol} stream=${stream}`).toBe(502);
          expect(reply.headers.get('x-should-retry')).toBe('false');
          const message = errorMessage(protocol, reply.text);
          expect(message).toContain('AGT_ANTIGRAVITY_VERSION');
          expect(message).toContain('1.15.8');
          expect(message).toContain('no account was cooled or disabled');
        }
      }
      // One upstream call per request: the refusal is not retried on another account.
      expect(generateCalls(test)).toBe(requests);
      expectNothingCooled(test);
      const loud = test.logs().filter((line) => line.event === 'config-fault');
      expect(loud).toHaveLength(1);
      expect(loud[0]?.level).toBe(50);

      const pool = await admin(test, 'GET', '/api/pool');
      expect(pool.json.config_faults).toEqual([expect.objectContaining({ kind: 'client_version', count: requests })]);
      const metrics = await fetch(`${test.baseUrl}/metrics`, { headers: { authorization: `Bearer ${test.apiKey}` } }).then((response) => response.text());
      expect(metrics).toContain(`agt_upstream_failures_total{class="client_outdated"} ${requests}`);
      await waitFor(() => test?.gateway.requestLog.query({ errorsOnly: true }).total === requests || undefined);
      const logged = test.gateway.requestLog.query({ errorsOnly: true }).items;
      expect(logged.every((entry) => entry.error?.startsWith('client_outdated: '))).toBe(true);
    });
  }

  it('a current version saved on the dashboard applies at once and clears the fault', async () => {
    test = await startTestGateway({ accounts: 1 });
    expect((await admin(test, 'PUT', '/api/settings', { antigravity_version: '1.15.8' })).status).toBe(200);
    expect((await send(test, 'openai')).status).toBe(502);
    expect((await admin(test, 'GET', '/api/settings')).json).toMatchObject({
      antigravity_version: '1.15.8',
      antigravity_version_source: 'file',
      config_faults: [expect.objectContaining({ kind: 'client_version' })],
    });
    expect((await admin(test, 'PUT', '/api/settings', { antigravity_version: 'latest' })).status).toBe(400);
    expect((await admin(test, 'PUT', '/api/settings', { antigravity_version: null })).json).toMatchObject({
      antigravity_version: DEFAULT_ANTIGRAVITY_VERSION,
      antigravity_version_source: 'default',
      config_faults: [],
    });
    expect((await send(test, 'openai')).status).toBe(200);
  });

  it('AGT_ANTIGRAVITY_VERSION wins and cannot be overridden from the dashboard', async () => {
    test = await startTestGateway({ accounts: 1, env: { AGT_ANTIGRAVITY_VERSION: '3.0.0' } });
    const settings = await admin(test, 'GET', '/api/settings');
    expect(settings.json).toMatchObject({ antigravity_version: '3.0.0', antigravity_version_source: 'env' });
    expect((await admin(test, 'PUT', '/api/settings', { antigravity_version: '2.15.0' })).status).toBe(409);
    expect((await send(test, 'gemini')).status).toBe(200);
  });
});

describe('bare 429 (no quota details)', () => {
  const FLAGGED = 'You are Hermes Agent, an intelligent AI assistant created by Nous Research.';

  it('on one account: another account answers and the first is not cooled', async () => {
    test = await startTestGateway({ accounts: 2 });
    // Whichever account comes first gets the bare 429; the other one answers.
    test.simulator.state.addFault({ target: 'generate', kind: '429-bare', count: 1 });
    expect((await send(test, 'openai')).status).toBe(200);
    expect(generateCalls(test)).toBe(2);
    expectNothingCooled(test);
    const metrics = await fetch(`${test.baseUrl}/metrics`, { headers: { authorization: `Bearer ${test.apiKey}` } }).then((response) => response.text());
    expect(metrics).toContain('agt_upstream_failures_total{class="bare_rate_limit"} 1');
  });

  for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
    it(`a flagged prompt (${protocol}): two accounts tried, then a 429 saying it may be the content; nothing cooled`, async () => {
      test = await startTestGateway({ accounts: 3 });
      const reply = await send(test, protocol, { system: FLAGGED });
      expect(reply.status).toBe(429);
      expect(reply.headers.get('x-should-retry')).toBe('false');
      expect(errorMessage(protocol, reply.text)).toMatch(/often caused by the request's content/);
      expect(generateCalls(test)).toBe(2);
      expect(rejections(test, 'refuse-flagged-system-prompt')).toBe(2);
      expectNothingCooled(test);
      // The pool is intact: an ordinary prompt right after is served.
      expect((await send(test, protocol)).status).toBe(200);
      await waitFor(() => test?.gateway.requestLog.query({ errorsOnly: true }).items[0]);
      expect(test.gateway.requestLog.query({ errorsOnly: true }).items[0]?.error).toMatch(/^bare_rate_limit: /);
    });
  }

  it('with a single account: the one bare 429 goes back to the client, and the account is not cooled', async () => {
    test = await startTestGateway({ accounts: 1 });
    const reply = await send(test, 'anthropic', { system: FLAGGED });
    expect(reply.status).toBe(429);
    expect(errorMessage('anthropic', reply.text)).toMatch(/the only account available/);
    expect(generateCalls(test)).toBe(1);
    expectNothingCooled(test);
  });
});
