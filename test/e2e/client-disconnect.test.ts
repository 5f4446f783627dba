import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * A client that goes away mid-stream must not keep an upstream stream (and an account's quota) busy: agt
 * aborts the upstream request, records the request as 499 and keeps serving.
 */

const MODEL = 'gemini-2.5-flash';
const LONG_TEXT = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');

let test: TestGateway | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

function streamRequest(protocol: 'openai' | 'anthropic' | 'gemini'): { path: string; body: unknown } {
  if (protocol === 'openai') return { path: '/v1/chat/completions', body: { model: MODEL, stream: true, messages: [{ role: 'user', content: LONG_TEXT }] } };
  if (protocol === 'anthropic') {
    return { path: '/v1/messages', body: { model: MODEL, stream: true, max_tokens: 512, messages: [{ role: 'user', content: LONG_TEXT }] } };
  }
  return { path: `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, body: { contents: [{ role: 'user', parts: [{ text: LONG_TEXT }] }] } };
}

function abortedCount(gateway: TestGateway): number {
  return Object.values(gateway.simulator.state.counters().streamsAborted).reduce((sum, count) => sum + count, 0);
}

/** Starts a streaming request, reads until the first content frame arrives, then drops the connection. */
async function abortAfterFirstChunk(gateway: TestGateway, protocol: 'openai' | 'anthropic' | 'gemini'): Promise<string> {
  const { path, body } = streamRequest(protocol);
  const controller = new AbortController();
  const response = await fetch(`${gateway.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}` },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('word')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before its first content chunk: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return text;
}

describe('client disconnect', () => {
  for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
    it(`aborting a ${protocol} stream after the first chunk aborts the upstream stream and logs 499`, async () => {
      test = await startTestGateway({ accounts: 2 });
      test.simulator.state.updateSettings({ chunkDelayMs: 200 });
      const gateway = test;

      const firstText = await abortAfterFirstChunk(gateway, protocol);
      expect(firstText).toContain('word0');
      // The simulator counts a stream whose socket closed before it finished (6 chunks × 200 ms).
      await waitFor(() => abortedCount(gateway) === 1, { timeoutMs: 5_000, what: 'the upstream stream to be aborted' });

      const entry = await waitFor(() => gateway.gateway.requestLog.query({}).items.find((item) => item.status === 499), {
        what: 'a 499 entry in the request log',
      });
      expect(entry.url).toContain(streamRequest(protocol).path.split('?')[0]);
      expect(entry.error).toMatch(/client disconnected/);

      // Still serving afterwards, and the aborted stream did not leave the account cooling.
      gateway.simulator.state.updateSettings({ chunkDelayMs: 0 });
      for (let index = 0; index < 4; index++) {
        const response = await fetch(`${gateway.baseUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}` },
          body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: `after ${index}` }] }),
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe(`Echo: after ${index}`);
      }
      expect(gateway.gateway.pool.stateCounts().cooling_down).toBe(0);
      expect(abortedCount(gateway)).toBe(1);
    });
  }

  it('a non-streaming client that leaves while upstream is still streaming aborts upstream too', async () => {
    test = await startTestGateway({ accounts: 1 });
    test.simulator.state.updateSettings({ chunkDelayMs: 300 });
    const gateway = test;
    const controller = new AbortController();
    const pending = fetch(`${gateway.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}` },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: LONG_TEXT }] }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => (gateway.simulator.state.counters().generate['user1@example.com'] ?? 0) === 1, { what: 'the upstream call' });
    controller.abort();
    await pending;
    await waitFor(() => abortedCount(gateway) === 1, { timeoutMs: 5_000, what: 'the upstream stream to be aborted' });
    const entry = await waitFor(() => gateway.gateway.requestLog.query({}).items.find((item) => item.status === 499), {
      what: 'a 499 entry in the request log',
    });
    expect(entry.status).toBe(499);
  });

  it('a client that leaves while the request waits for the first chunk aborts upstream and frees the account', async () => {
    test = await startTestGateway({ accounts: 1 });
    const gateway = test;
    gateway.simulator.state.addFault({ target: 'generate', kind: 'hang', count: 1 });
    const controller = new AbortController();
    const pending = fetch(`${gateway.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway.apiKey },
      body: JSON.stringify({ model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hang' }] }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => (gateway.simulator.state.counters().generate['user1@example.com'] ?? 0) === 1, { what: 'the upstream call' });
    controller.abort();
    await pending;
    await waitFor(() => gateway.gateway.requestLog.query({}).items.find((item) => item.status === 499), { what: 'a 499 entry' });
    const response = await fetch(`${gateway.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway.apiKey },
      body: JSON.stringify({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'next' }] }),
    });
    expect(response.status).toBe(200);
  });
});
