import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/app.js';
import { createLogger } from '../../src/observability/index.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { readAccountByEmail, readAccountFiles, removeDirectory, waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The request loop end to end: a real gateway over the simulated Google, faults injected per account, and
 * the simulator's counters as proof of what reached "upstream". Every scenario gets its own gateway.
 */

const MODEL = 'gemini-2.5-flash';
const LONG_TEXT = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

type Protocol = 'openai' | 'anthropic' | 'gemini';

function requestFor(protocol: Protocol, content: string, stream: boolean): { path: string; body: unknown } {
  if (protocol === 'openai') return { path: '/v1/chat/completions', body: { model: MODEL, stream, messages: [{ role: 'user', content }] } };
  if (protocol === 'anthropic') {
    return { path: '/v1/messages', body: { model: MODEL, max_tokens: 256, stream, messages: [{ role: 'user', content }] } };
  }
  const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return { path: `/v1beta/models/${MODEL}:${action}`, body: { contents: [{ role: 'user', parts: [{ text: content }] }] } };
}

async function send(test: { baseUrl: string; apiKey: string }, protocol: Protocol, content: string, stream = false): Promise<Reply> {
  const { path, body } = requestFor(protocol, content, stream);
  const response = await fetch(`${test.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${test.apiKey}`, 'x-api-key': test.apiKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const chat = (test: { baseUrl: string; apiKey: string }, content: string) => send(test, 'openai', content);

function replyText(reply: Reply): string {
  const body = JSON.parse(reply.text) as { choices?: Array<{ message: { content: string } }> };
  return body.choices?.[0]?.message.content ?? '';
}

/** The assistant text of a reply in any protocol, streamed or not. */
function assistantText(protocol: Protocol, reply: Reply, stream: boolean): string {
  const payloads = stream
    ? sseEvents(reply.text).filter((event) => event.data !== '[DONE]').map((event) => JSON.parse(event.data) as Record<string, unknown>)
    : [JSON.parse(reply.text) as Record<string, unknown>];
  let text = '';
  for (const payload of payloads) {
    if (protocol === 'openai') {
      const choices = (payload.choices ?? []) as Array<{ delta?: { content?: string }; message?: { content?: string } }>;
      text += choices.map((choice) => choice.delta?.content ?? choice.message?.content ?? '').join('');
    } else if (protocol === 'anthropic') {
      const delta = payload.delta as { text?: string } | undefined;
      const content = (payload.content ?? []) as Array<{ text?: string }>;
      text += delta?.text ?? content.map((block) => block.text ?? '').join('');
    } else {
      const candidates = (payload.candidates ?? []) as Array<{ content?: { parts?: Array<{ text?: string }> } }>;
      text += candidates.flatMap((candidate) => candidate.content?.parts ?? []).map((part) => part.text ?? '').join('');
    }
  }
  return text;
}

function generateCount(simulator: GoogleSimulator, email: string): number {
  return simulator.state.counters().generate[email] ?? 0;
}

function refreshCount(simulator: GoogleSimulator, email: string): number {
  return simulator.state.counters().refresh[email] ?? 0;
}

async function accountId(test: TestGateway, email: string): Promise<string> {
  return (await readAccountByEmail(test.dataDir, email)).id;
}

function sseEvents(text: string): Array<{ event?: string; data: string }> {
  const events: Array<{ event?: string; data: string }> = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** A gateway on an existing data directory (after editing its files), as `agt serve` would start it. */
async function startGatewayOn(dataDir: string, simulator: GoogleSimulator, apiKey: string): Promise<{ gateway: Gateway; baseUrl: string }> {
  const sink = new PassThrough();
  sink.resume();
  const gateway = await createGateway({
    dataDir,
    env: { AGT_GOOGLE_BASE_URL: simulator.url },
    logger: createLogger({ level: 'warn', destination: sink }),
    flags: { port: 0, authMode: 'strict', apiKey },
    watchAccounts: false,
    dashboardDir: null,
  });
  return { gateway, baseUrl: await gateway.listen() };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function start(options: Parameters<typeof startTestGateway>[0] = {}): Promise<TestGateway> {
  const test = await startTestGateway(options);
  cleanups.push(() => test.close());
  return test;
}

describe('rotation and failure handling through a running gateway', () => {
  it('a revoked account is disabled on disk with its invalid_grant reason and never called again; every request succeeds', async () => {
    const test = await start({ accounts: 3 });
    const [, revoked] = test.emails;
    for (let index = 0; index < 3; index++) expect((await chat(test, `warm ${index}`)).status).toBe(200);
    for (const email of test.emails) expect(generateCount(test.simulator, email)).toBeGreaterThan(0);

    test.simulator.state.revoke(revoked);
    for (let index = 0; index < 9; index++) {
      const reply = await chat(test, `after revoke ${index}`);
      expect(reply.status, reply.text).toBe(200);
      expect(replyText(reply)).toBe(`Echo: after revoke ${index}`);
    }
    const file = await waitFor(async () => {
      const account = await readAccountByEmail(test.dataDir, revoked);
      return account.disabled === true ? account : undefined;
    }, { what: 'the revoked account to be disabled on disk' });
    expect(String(file.disabled_reason)).toMatch(/^invalid_grant: /);
    expect(typeof file.disabled_at).toBe('number');

    const frozen = generateCount(test.simulator, revoked);
    for (let index = 0; index < 6; index++) expect((await chat(test, `later ${index}`)).status).toBe(200);
    expect(generateCount(test.simulator, revoked)).toBe(frozen);
    for (const other of test.emails.filter((email) => email !== revoked)) {
      expect((await readAccountByEmail(test.dataDir, other)).disabled).not.toBe(true);
    }
  });

  it('a 429 with quotaResetDelay cools exactly that account for the delay the upstream gave, then it serves again', async () => {
    const test = await start({ accounts: 3 });
    const [limited] = test.emails;
    const limitedId = await accountId(test, limited);
    test.simulator.state.addFault({ target: 'generate', email: limited, kind: '429', retryDelaySeconds: 3 });

    // Rotation reaches the limited account within three requests; none of them fails.
    let sentAt = 0;
    let answeredAt = 0;
    for (let index = 0; index < 3 && generateCount(test.simulator, limited) === 0; index++) {
      sentAt = Date.now();
      const reply = await chat(test, `spread ${index}`);
      answeredAt = Date.now();
      expect(reply.status, reply.text).toBe(200);
    }
    expect(generateCount(test.simulator, limited)).toBe(1);

    // The cooldown ends exactly 3 s after the 429 was seen: not capped, not replaced by a default.
    const state = test.gateway.pool.runtimeState(limitedId);
    const until = Math.max(state?.cooldownUntil ?? 0, ...Object.values(state?.modelCooldowns ?? {}));
    expect(until).toBeGreaterThanOrEqual(sentAt + 3000);
    expect(until).toBeLessThanOrEqual(answeredAt + 3000);

    // While it cools, the others serve and it gets no call at all (the fault stays armed to catch one).
    while (Date.now() < until - 300) {
      expect((await chat(test, 'while cooling')).status).toBe(200);
    }
    expect(generateCount(test.simulator, limited)).toBe(1);

    test.simulator.state.clearFaults();
    // New conversations rotate over the accounts (one conversation stays on its account: Balance).
    let conversation = 0;
    const reusedAt = await waitFor(async () => {
      expect((await chat(test, `after the reset ${++conversation}`)).status).toBe(200);
      return generateCount(test.simulator, limited) > 1 ? Date.now() : 0;
    }, { timeoutMs: 15_000, what: 'the cooled account to serve again' });
    expect(reusedAt).toBeGreaterThanOrEqual(sentAt + 3000);
  });

  it('a long quota reset is honoured in full (no artificial cap)', async () => {
    const test = await start({ accounts: 2 });
    const [limited] = test.emails;
    const limitedId = await accountId(test, limited);
    test.simulator.state.addFault({ target: 'generate', email: limited, kind: '429', retryDelaySeconds: 7200 });
    const sentAt = Date.now();
    for (let index = 0; index < 2; index++) expect((await chat(test, `spread ${index}`)).status).toBe(200);
    expect(generateCount(test.simulator, limited)).toBe(1);
    const state = test.gateway.pool.runtimeState(limitedId);
    const until = Math.max(state?.cooldownUntil ?? 0, ...Object.values(state?.modelCooldowns ?? {}));
    expect(until - sentAt).toBeGreaterThanOrEqual(7200 * 1000 - 5000);
    expect(until - sentAt).toBeLessThanOrEqual(7200 * 1000 + 5000);
  });

  it('an account answering 500 is cooled briefly while the others serve', async () => {
    const test = await start({ accounts: 3 });
    const [broken] = test.emails;
    const brokenId = await accountId(test, broken);
    test.simulator.state.addFault({ target: 'generate', email: broken, kind: '500' });
    for (let index = 0; index < 9; index++) {
      const reply = await chat(test, `five hundred ${index}`);
      expect(reply.status, reply.text).toBe(200);
      expect(replyText(reply)).toBe(`Echo: five hundred ${index}`);
    }
    expect(generateCount(test.simulator, broken)).toBe(1);
    const state = test.gateway.pool.runtimeState(brokenId);
    expect(state?.cooldownUntil).not.toBeNull();
    expect((state?.cooldownUntil ?? 0) - Date.now()).toBeLessThanOrEqual(10_000);
    expect(state?.lastError?.class).toBe('server');
    expect(test.gateway.pool.stateOf(brokenId)).toBe('cooling_down');
    expect((await readAccountByEmail(test.dataDir, broken)).disabled).not.toBe(true);
  });

  it('every account rate-limited: 429 in each protocol with retry-after, the wait in the message, no email anywhere', async () => {
    const test = await start({ accounts: 3 });
    test.simulator.state.addFault({ target: 'generate', kind: '429', retryDelaySeconds: 30 });
    const checks: Array<[Protocol, (body: Record<string, unknown>) => void]> = [
      ['openai', (body) => expect(body).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } })],
      ['anthropic', (body) => expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } })],
      ['gemini', (body) => expect(body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } })],
    ];
    for (const [protocol, check] of checks) {
      for (const stream of [false, true]) {
        const reply = await send(test, protocol, `limited ${protocol}`, stream);
        expect(reply.status, reply.text).toBe(429);
        const body = JSON.parse(reply.text) as Record<string, unknown>;
        check(body);
        expect(reply.text).toMatch(/All accounts rate-limited; retry in \d+ s/);
        const retryAfter = Number(reply.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(31);
        const everything = `${reply.text}\n${JSON.stringify([...reply.headers])}`;
        for (const email of test.emails) expect(everything).not.toContain(email);
        expect(everything).not.toMatch(/@example\.com/);
      }
    }
    // Each account got exactly one call; afterwards the pool answers without calling upstream.
    for (const email of test.emails) expect(generateCount(test.simulator, email)).toBe(1);
  });

  it('every account failing with 5xx or empty streams is reported as that (5xx), not as "rate-limited"', async () => {
    const test = await start({ accounts: 2 });
    for (const kind of ['500', '503', 'empty-stream'] as const) {
      test.gateway.pool.clearCooldowns();
      test.simulator.state.clearFaults();
      test.simulator.state.addFault({ target: 'generate', kind });
      for (const [protocol, stream] of [['openai', false], ['anthropic', true], ['gemini', false]] as const) {
        const reply = await send(test, protocol, `all ${kind}`, stream);
        expect(reply.status, `${kind} ${protocol}: ${reply.text}`).toBeGreaterThanOrEqual(500);
        expect(reply.text).not.toMatch(/rate-limited/i);
        expect(reply.text).not.toMatch(/@example\.com/);
      }
    }
    // A real all-429 stays a 429.
    test.gateway.pool.clearCooldowns();
    test.simulator.state.clearFaults();
    test.simulator.state.addFault({ target: 'generate', kind: '429', retryDelaySeconds: 30 });
    expect((await send(test, 'openai', 'all 429')).status).toBe(429);
  });

  it('a stream cut after its first chunk ends with a protocol error event, not a hang', async () => {
    const test = await start({ accounts: 2 });
    // OpenAI: `data: {"error":…}` and no [DONE].
    test.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 1, count: 1 });
    const openai = await send(test, 'openai', LONG_TEXT, true);
    expect(openai.status).toBe(200);
    const openaiEvents = sseEvents(openai.text);
    expect(openaiEvents.length).toBeGreaterThanOrEqual(2);
    const last = JSON.parse(openaiEvents.at(-1)?.data ?? '{}') as { error?: { message?: string; type?: string } };
    expect(last.error?.message).toBeTruthy();
    expect(openai.text).not.toContain('[DONE]');
    expect(openaiEvents.slice(0, -1).some((event) => event.data.includes('chat.completion.chunk'))).toBe(true);

    // Anthropic: `event: error` with an Anthropic error body, after the stream started.
    test.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 1, count: 1 });
    const anthropic = await send(test, 'anthropic', LONG_TEXT, true);
    expect(anthropic.status).toBe(200);
    const anthropicEvents = sseEvents(anthropic.text);
    expect(anthropicEvents[0]?.event).toBe('message_start');
    const error = anthropicEvents.at(-1);
    expect(error?.event).toBe('error');
    expect(JSON.parse(error?.data ?? '{}')).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    expect(anthropicEvents.some((event) => event.event === 'message_stop')).toBe(false);

    // Gemini SSE: `data: {"error":{code,message,status}}` last.
    test.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 1, count: 1 });
    const gemini = await send(test, 'gemini', LONG_TEXT, true);
    expect(gemini.status).toBe(200);
    const geminiLast = JSON.parse(sseEvents(gemini.text).at(-1)?.data ?? '{}') as { error?: { code?: number; status?: string } };
    expect(geminiLast.error?.code).toBeGreaterThanOrEqual(500);
    expect(typeof geminiLast.error?.status).toBe('string');

    // Gemini without alt=sse (a streamed JSON array): the array stays valid JSON and its last element is the error.
    test.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 1, count: 1 });
    const array = await fetch(`${test.baseUrl}/v1beta/models/${MODEL}:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': test.apiKey },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: LONG_TEXT }] }] }),
    });
    expect(array.status).toBe(200);
    const elements = JSON.parse(await array.text()) as Array<{ candidates?: unknown; error?: { code?: number; status?: string; message?: string } }>;
    expect(elements.length).toBeGreaterThanOrEqual(2);
    expect(elements[0].candidates).toBeDefined();
    expect(elements.at(-1)?.error).toMatchObject({ code: 502, status: expect.any(String), message: expect.any(String) });

    // A non-streaming client whose upstream stream broke gets a 5xx in its protocol (nothing was sent yet).
    test.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 1, count: 1 });
    const whole = await send(test, 'openai', LONG_TEXT, false);
    expect(whole.status).toBeGreaterThanOrEqual(500);
    expect(JSON.parse(whole.text)).toMatchObject({ error: { message: expect.any(String), type: 'server_error' } });

    // The gateway still serves.
    expect((await chat(test, 'after the cuts')).status).toBe(200);
  });

  it('an empty stream before the first chunk is retried on another account transparently', async () => {
    const test = await start({ accounts: 2 });
    for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
      for (const stream of [false, true]) {
        test.simulator.state.addFault({ target: 'generate', kind: 'empty-stream', count: 1 });
        const before = Object.values(test.simulator.state.counters().generate).reduce((sum, count) => sum + count, 0);
        const reply = await send(test, protocol, 'empty first', stream);
        expect(reply.status, reply.text).toBe(200);
        expect(assistantText(protocol, reply, stream)).toBe('Echo: empty first');
        expect(reply.text).not.toMatch(/"error"/);
        const after = Object.values(test.simulator.state.counters().generate).reduce((sum, count) => sum + count, 0);
        expect(after - before).toBe(2);
        expect(test.simulator.state.listFaults()).toHaveLength(0);
        test.gateway.pool.clearCooldowns();
      }
    }
  });

  it('an upstream 401 (expired access token) gets one forced refresh and the request succeeds; nothing is disabled', async () => {
    const test = await start({ accounts: 1 });
    const [email] = test.emails;
    expect((await chat(test, 'warm')).status).toBe(200);
    const refreshesBefore = refreshCount(test.simulator, email);
    const generatesBefore = generateCount(test.simulator, email);
    test.simulator.state.expireAccessTokens(email);
    const reply = await chat(test, 'after expiry');
    expect(reply.status, reply.text).toBe(200);
    expect(replyText(reply)).toBe('Echo: after expiry');
    expect(refreshCount(test.simulator, email) - refreshesBefore).toBe(1);
    // The simulator counts only authenticated calls: the 401 is not counted, the retry with the new token is.
    expect(generateCount(test.simulator, email) - generatesBefore).toBe(1);
    expect((await readAccountByEmail(test.dataDir, email)).disabled).not.toBe(true);
    // The new token is kept: the next request needs no refresh.
    expect((await chat(test, 'again')).status).toBe(200);
    expect(refreshCount(test.simulator, email) - refreshesBefore).toBe(1);
  });

  for (const kind of ['token-unauthorized_client', 'token-invalid_client', 'token-500', 'token-reset'] as const) {
    it(`a token endpoint failure (${kind}) never disables the account; the others serve`, async () => {
      const test = await start({ accounts: 3 });
      const [failing] = test.emails;
      test.simulator.state.addFault({ target: 'token', email: failing, kind });
      test.simulator.state.expireAccessTokens(failing);
      for (let index = 0; index < 9; index++) {
        const reply = await chat(test, `${kind} ${index}`);
        expect(reply.status, reply.text).toBe(200);
        expect(replyText(reply)).toBe(`Echo: ${kind} ${index}`);
      }
      expect(refreshCount(test.simulator, failing)).toBeGreaterThan(0);
      expect(test.simulator.state.counters().tokenErrors[failing] ?? 0).toBeGreaterThan(0);
      for (const account of await readAccountFiles(test.dataDir)) {
        expect(account.disabled, `${account.email} must stay enabled`).not.toBe(true);
      }
      expect(test.gateway.pool.eligibleCount()).toBe(3);
    });
  }

  it('a token endpoint failure while the pool itself finds the token stale never disables the account', async () => {
    const simulator = await startGoogleSimulator();
    cleanups.push(() => simulator.close());
    const test = await startTestGateway({ accounts: 2, simulator });
    await test.close({ keepDataDir: true });
    cleanups.push(() => removeDirectory(test.dataDir));
    const [failing] = test.emails;
    await setFileExpiryInThePast(test.dataDir, failing);
    simulator.state.expireAccessTokens(failing);
    simulator.state.addFault({ target: 'token', email: failing, kind: 'token-invalid_client' });
    const restarted = await startGatewayOn(test.dataDir, simulator, test.apiKey);
    cleanups.push(() => restarted.gateway.close());
    for (let index = 0; index < 4; index++) expect((await chat({ baseUrl: restarted.baseUrl, apiKey: test.apiKey }, `stale ${index}`)).status).toBe(200);
    expect(refreshCount(simulator, failing)).toBeGreaterThan(0);
    expect((await readAccountByEmail(test.dataDir, failing)).disabled).not.toBe(true);
  });

  it('200 concurrent requests on one account whose token is stale on disk refresh it exactly once', async () => {
    const simulator = await startGoogleSimulator();
    cleanups.push(() => simulator.close());
    const test = await startTestGateway({ accounts: 1, simulator });
    await test.close({ keepDataDir: true });
    cleanups.push(() => removeDirectory(test.dataDir));
    const [email] = test.emails;
    await setFileExpiryInThePast(test.dataDir, email);
    simulator.state.expireAccessTokens(email);
    const restarted = await startGatewayOn(test.dataDir, simulator, test.apiKey);
    cleanups.push(() => restarted.gateway.close());
    const before = refreshCount(simulator, email);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, index) => chat({ baseUrl: restarted.baseUrl, apiKey: test.apiKey }, `burst ${index}`)),
    );
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    expect(refreshCount(simulator, email) - before).toBe(1);
  });

  it('200 concurrent requests that all meet an upstream 401 refresh the token exactly once', async () => {
    const test = await start({ accounts: 1 });
    const [email] = test.emails;
    expect((await chat(test, 'warm')).status).toBe(200);
    test.simulator.state.expireAccessTokens(email);
    const before = refreshCount(test.simulator, email);
    const replies = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(test, `burst ${index}`)));
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    expect(refreshCount(test.simulator, email) - before).toBe(1);
  });

  it('a 401 that comes back after another request already refreshed the token reuses the new token (no second refresh)', async () => {
    const simulator = await startGoogleSimulator();
    cleanups.push(() => simulator.close());
    const proxy = await startHoldingProxy(simulator.url, 'HOLD-THIS-ONE');
    cleanups.push(() => proxy.close());
    const test = await start({ accounts: 1, simulator, env: { AGT_CODE_ASSIST_URLS: proxy.url } });
    const [email] = test.emails;
    expect((await chat(test, 'warm')).status).toBe(200);
    simulator.state.expireAccessTokens(email);
    const before = refreshCount(simulator, email);

    // The held request leases the stale token and reaches "Google" only after the other request has met its
    // 401, refreshed, and finished with the new token.
    const held = chat(test, 'HOLD-THIS-ONE');
    await waitFor(() => proxy.holding() === 1, { what: 'the held request to reach the proxy' });
    const quick = await chat(test, 'quick');
    expect(quick.status, quick.text).toBe(200);
    expect(refreshCount(simulator, email) - before).toBe(1);
    proxy.release();
    const late = await held;
    expect(late.status, late.text).toBe(200);
    expect(replyText(late)).toBe('Echo: HOLD-THIS-ONE');
    expect(refreshCount(simulator, email) - before).toBe(1);
  });

  it('an upstream that hangs never leaves the client hanging: the request deadline answers in protocol', async () => {
    const { simulator, target } = await startWithRequestTimeout(2, 2);

    simulator.state.addFault({ target: 'generate', kind: 'hang' });
    const checks = [
      ['openai', (body: unknown) => expect(body).toMatchObject({ error: { type: 'server_error', message: expect.any(String) } })],
      ['anthropic', (body: unknown) => expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String) } })],
      ['gemini', (body: unknown) => expect(body).toMatchObject({ error: { code: 504, status: 'DEADLINE_EXCEEDED' } })],
    ] as const;
    await Promise.all(
      checks.flatMap(([protocol, check]) =>
        [false, true].map(async (stream) => {
          const startedAt = Date.now();
          const reply = await send(target, protocol, 'hang', stream);
          const elapsed = Date.now() - startedAt;
          expect(reply.status, reply.text).toBe(504);
          check(JSON.parse(reply.text));
          expect(elapsed).toBeGreaterThanOrEqual(1900);
          expect(elapsed).toBeLessThan(8000);
        }),
      ),
    );
    // A stream that stalls after it started is ended by the same deadline, with an error event.
    simulator.state.clearFaults();
    simulator.state.addFault({ target: 'generate', kind: 'slow-stream', delayMs: 60_000 });
    const startedAt = Date.now();
    const stalled = await send(target, 'openai', LONG_TEXT, true);
    expect(Date.now() - startedAt).toBeLessThan(8000);
    expect(stalled.status).toBe(200);
    const last = JSON.parse(sseEvents(stalled.text).at(-1)?.data ?? '{}') as { error?: { message?: string } };
    expect(last.error?.message).toBeTruthy();
    expect(stalled.text).not.toContain('[DONE]');
    simulator.state.clearFaults();
    expect((await chat(target, 'after the hang')).status).toBe(200);
  });

  it('a slow token endpoint while the token needs a refresh is cut off by the request deadline', async () => {
    const { simulator, target, emails } = await startWithRequestTimeout(2, 1, async (dataDir, email) => setFileExpiryInThePast(dataDir, email));
    simulator.state.expireAccessTokens(emails[0]);
    simulator.state.addFault({ target: 'token', kind: 'latency', delayMs: 6000, count: 1 });
    const startedAt = Date.now();
    const reply = await send(target, 'anthropic', 'slow refresh');
    // Answered by the 2 s deadline, well before the 6 s refresh finishes (margin for a loaded machine).
    expect(Date.now() - startedAt).toBeLessThan(5500);
    expect(reply.status, reply.text).toBe(504);
    expect(JSON.parse(reply.text)).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
    // The shared refresh itself goes on; once it is done the account serves, still enabled, refreshed once.
    await waitFor(async () => (await send(target, 'anthropic', 'after')).status === 200, { timeoutMs: 15_000, what: 'the account to serve again' });
    expect(simulator.state.counters().refresh[emails[0]]).toBe(2);
    expect((await readAccountByEmail(target.dataDir, emails[0])).disabled).not.toBe(true);
  });

  it('the request deadline passing during a short 429 wait answers 504 in protocol, not a 500', async () => {
    const { simulator, target } = await startWithRequestTimeout(1, 1);
    simulator.state.addFault({ target: 'generate', kind: '429', retryDelaySeconds: 2 });
    for (const [protocol, check] of [
      ['openai', (body: unknown) => expect(body).toMatchObject({ error: { type: 'server_error', code: 'timeout' } })],
      ['anthropic', (body: unknown) => expect(body).toMatchObject({ type: 'error', error: { type: 'timeout_error' } })],
      ['gemini', (body: unknown) => expect(body).toMatchObject({ error: { code: 504, status: 'DEADLINE_EXCEEDED' } })],
    ] as const) {
      simulator.state.clearFaults();
      simulator.state.addFault({ target: 'generate', kind: '429', retryDelaySeconds: 2 });
      const reply = await send(target, protocol, 'grace');
      expect(reply.status, reply.text).toBe(504);
      check(JSON.parse(reply.text));
    }
  });
});

/**
 * A gateway whose data directory has `request_timeout` set in gui_config.json before it starts, as a user
 * would configure it; `prepare` may edit the account files first.
 */
async function startWithRequestTimeout(
  seconds: number,
  accounts: number,
  prepare?: (dataDir: string, firstEmail: string) => Promise<void>,
): Promise<{ simulator: GoogleSimulator; gateway: Gateway; emails: string[]; target: { baseUrl: string; apiKey: string; dataDir: string } }> {
  const simulator = await startGoogleSimulator();
  cleanups.push(() => simulator.close());
  const test = await startTestGateway({ accounts, simulator });
  await test.close({ keepDataDir: true });
  cleanups.push(() => removeDirectory(test.dataDir));
  const configPath = join(test.dataDir, 'gui_config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8').catch(() => '{}')) as { proxy?: Record<string, unknown> };
  config.proxy = { ...config.proxy, request_timeout: seconds };
  await writeFile(configPath, JSON.stringify(config, null, 2));
  await prepare?.(test.dataDir, test.emails[0]);
  const restarted = await startGatewayOn(test.dataDir, simulator, test.apiKey);
  cleanups.push(() => restarted.gateway.close());
  expect(restarted.gateway.settings.current.requestTimeoutSeconds).toBe(seconds);
  return { simulator, gateway: restarted.gateway, emails: test.emails, target: { baseUrl: restarted.baseUrl, apiKey: test.apiKey, dataDir: test.dataDir } };
}

/**
 * A pass-through proxy in front of the simulator's Code Assist endpoints that holds every request whose body
 * contains `marker` until `release()` — so a test can order two upstream calls exactly.
 */
async function startHoldingProxy(target: string, marker: string): Promise<{ url: string; holding: () => number; release: () => void; close: () => Promise<void> }> {
  let held = 0;
  let releaseAll: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    releaseAll = resolve;
  });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      void (async () => {
        if (body.includes(marker)) {
          held++;
          await released;
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
        }
        const upstream = await fetch(`${target}${request.url ?? '/'}`, { method: request.method, headers, body: body.length > 0 ? body : undefined });
        response.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding')));
        response.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    holding: () => held,
    release: () => releaseAll(),
    close: () =>
      new Promise<void>((resolve) => {
        releaseAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function setFileExpiryInThePast(dataDir: string, email: string): Promise<void> {
  const account = await readAccountByEmail(dataDir, email);
  const path = join(dataDir, 'accounts', `${account.id}.json`);
  const file = JSON.parse(await readFile(path, 'utf8')) as { token: { expiry_timestamp: number } };
  file.token.expiry_timestamp = Math.floor(Date.now() / 1000) - 3600;
  await writeFile(path, JSON.stringify(file, null, 2));
}
