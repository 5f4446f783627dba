import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../../support/start-test-gateway.js';
import { frontDoorOf } from '../../../src/server/front-door/register-front-door.js';
import { portOf } from './attack-helpers.js';
import { sendRawRequest } from './send-raw-request.js';

/**
 * Bounded memory and time for request bodies, with limits set low by configuration so the test stays fast and
 * light: a body over the limit is a 413, bodies in flight beyond the budget are a 429 with Retry-After (the budget
 * is taken from Content-Length before a byte is read, and counted as chunks arrive otherwise), a trickled body is
 * cut at the read deadline with a 408 and a closed connection — each in the caller's protocol.
 */

const MiB = 1024 * 1024;
/** 0.9 MiB, a whole number of bytes. */
const NEARLY_MiB = Math.floor(0.9 * MiB);
const HALF_MiB = MiB / 2;
const TENTH_MiB = Math.floor(0.1 * MiB);
const MODEL = 'gemini-2.5-flash';

/** Opens a request whose body is declared (or chunked) but only partly sent; the caller finishes or drops it. */
function openStalledRequest(port: number, path: string, options: { declaredBytes?: number; firstBytes: string; chunked?: boolean }): Promise<{ socket: Socket; received: () => string }> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => {
      const framing = options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.declaredBytes}`;
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`);
      socket.write(options.chunked ? `${Buffer.byteLength(options.firstBytes).toString(16)}\r\n${options.firstBytes}\r\n` : options.firstBytes);
      resolve({ socket, received: () => received });
    });
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', reject);
  });
}

/** An OpenAI chat body (also a valid Anthropic one: max_tokens is there) of exactly `bytes` bytes. */
function chatBody(bytes: number): string {
  const base = JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: '' }] });
  return JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'x'.repeat(bytes - base.length) }] });
}

describe('request body limits', () => {
  let test: TestGateway;
  let port: number;

  beforeAll(async () => {
    test = await startTestGateway({
      accounts: 2,
      flags: { authMode: 'off' },
      env: { ABV_MAX_BODY_SIZE: String(1 * MiB), AGT_MAX_BODY_BYTES_IN_FLIGHT: String(2 * MiB), AGT_BODY_TIMEOUT_SECONDS: '1' },
    });
    port = portOf(test);
  });
  afterAll(async () => test?.close());

  it('a body over the limit is a 413 in the caller\'s protocol, declared or chunked', async () => {
    const declared = await sendRawRequest(port, { method: 'POST', target: '/v1/messages', headers: [['Content-Type', 'application/json']], body: chatBody(MiB + 10) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
    const chunked = await openStalledRequest(port, '/v1/chat/completions', { chunked: true, firstBytes: chatBody(MiB + 10) });
    await waitFor(() => /^HTTP\/1\.1 413/.test(chunked.received()), { what: 'a 413 for the chunked body' });
    expect(chunked.received()).toContain('"error"');
    chunked.socket.destroy();
  });

  it('bodies in flight beyond the budget get a 429 with Retry-After; the budget comes back when they finish', { timeout: 30_000 }, async () => {
    // Two stalled requests that declared 0.9 MiB each hold 1.8 of the 2 MiB budget.
    const stalled = await Promise.all([0, 1].map(() => openStalledRequest(port, '/v1/chat/completions', { declaredBytes: NEARLY_MiB, firstBytes: '{"model":' })));
    const inFlight = () => frontDoorOf(test.gateway.app)?.bodyBudget.inFlight ?? -1;
    await waitFor(() => inFlight() === 2 * NEARLY_MiB, { what: 'both stalled bodies to hold their share' });
    const refused = await sendRawRequest(port, { method: 'POST', target: '/v1/messages', headers: [['Content-Type', 'application/json']], body: chatBody(HALF_MiB) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const gemini = await sendRawRequest(port, { method: 'POST', target: `/v1beta/models/${MODEL}:generateContent`, headers: [['Content-Type', 'application/json']], body: ' '.repeat(HALF_MiB) + '{}' });
    expect(gemini.status).toBe(429);
    expect(JSON.parse(gemini.body)).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    // Small requests still fit.
    const small = await fetch(`${test.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(2_000) });
    expect(small.status).toBe(200);
    for (const { socket } of stalled) socket.destroy();
    await waitFor(() => inFlight() === 0, { what: 'the budget to be given back' });
    await waitFor(
      async () => (await fetch(`${test.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(NEARLY_MiB) })).status === 200,
      { what: 'the budget to come back' },
    );
  });

  it('a chunked body that grows past the budget is cut with a 429', { timeout: 30_000 }, async () => {
    const budget = () => frontDoorOf(test.gateway.app)?.bodyBudget.inFlight ?? -1;
    await waitFor(() => budget() === 0, { what: 'an empty budget' });
    const holders = await Promise.all([0, 1].map(() => openStalledRequest(port, '/v1/chat/completions', { declaredBytes: NEARLY_MiB, firstBytes: '{' })));
    await waitFor(() => budget() === 2 * NEARLY_MiB, { what: 'the holders to hold their share' });
    // 0.2 MiB are left: the chunked body fits at first, then grows past it (still under the 1 MiB body limit).
    const grower = await openStalledRequest(port, '/v1/chat/completions', { chunked: true, firstBytes: ' '.repeat(100_000) });
    grower.socket.write(`${(TENTH_MiB * 3).toString(16)}\r\n${' '.repeat(TENTH_MiB * 3)}\r\n`);
    await waitFor(() => /^HTTP\/1\.1 429/.test(grower.received()), { what: 'a 429 for the growing chunked body' });
    for (const holder of holders) holder.socket.destroy();
    grower.socket.destroy();
    await waitFor(() => budget() === 0, { what: 'the budget to be given back' });
  });

  it('a trickled body is cut at the read deadline with a 408 and the connection closed', { timeout: 30_000 }, async () => {
    const trickle = await openStalledRequest(port, '/v1/chat/completions', { chunked: true, firstBytes: '{' });
    let closed = false;
    trickle.socket.on('close', () => (closed = true));
    const drip = setInterval(() => {
      if (!trickle.socket.destroyed) trickle.socket.write('1\r\n \r\n');
    }, 50);
    try {
      await waitFor(() => closed && /^HTTP\/1\.1 408/.test(trickle.received()), { timeoutMs: 10_000, what: 'the trickled request to be cut' });
    } finally {
      clearInterval(drip);
      trickle.socket.destroy();
    }
    expect(trickle.received()).toMatch(/connection: close/i);
    expect(trickle.received()).toContain('"timeout"');
    // The server still serves.
    expect((await fetch(`${test.baseUrl}/healthz`)).status).toBe(200);
  });

  it('a body that declared its length but stalls is cut at the read deadline with a 408 and the connection closed', { timeout: 30_000 }, async () => {
    const budget = () => frontDoorOf(test.gateway.app)?.bodyBudget.inFlight ?? -1;
    await waitFor(() => budget() === 0, { what: 'an empty budget' });
    const stalled = await openStalledRequest(port, '/v1/messages', { declaredBytes: 2_000, firstBytes: '{"model":' });
    let closed = false;
    stalled.socket.on('close', () => (closed = true));
    try {
      await waitFor(() => closed && /^HTTP\/1\.1 408/.test(stalled.received()), { timeoutMs: 10_000, what: 'the stalled request to be cut' });
    } finally {
      stalled.socket.destroy();
    }
    expect(stalled.received()).toMatch(/connection: close/i);
    // The caller's protocol: Anthropic's error shape.
    expect(stalled.received()).toContain('"type":"error"');
    expect(stalled.received()).toContain('"timeout');
    await waitFor(() => budget() === 0, { what: 'the budget to be given back' });
    expect((await fetch(`${test.baseUrl}/healthz`)).status).toBe(200);
  });

  it('a request the upstream refuses for its size is answered 413 at once, not sent to the other accounts', { timeout: 30_000 }, async () => {
    const generateCalls = () => Object.values(test.simulator.state.counters().generate).reduce((sum, count) => sum + count, 0);
    const before = generateCalls();
    test.simulator.state.addFault({ target: 'generate', kind: '413' });
    try {
      const response = await fetch(`${test.baseUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(HALF_MiB) });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large', message: expect.stringContaining('size') } });
      expect(generateCalls() - before).toBe(1);
    } finally {
      test.simulator.state.clearFaults();
    }
    // The account was not blamed: it serves the next request.
    expect((await fetch(`${test.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(2_000) })).status).toBe(200);
  });
});
