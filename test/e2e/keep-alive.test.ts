import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/** A stream that goes quiet upstream (a model thinking) keeps the client connection alive with keep-alive frames. */
describe('keep-alive frames on silent streams', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway({ accounts: 1, sseKeepAliveMs: 100 });
  });
  afterAll(async () => test?.close());

  const longText = 'one two three four five six seven eight nine ten';

  it('Anthropic streams get named ping events that the official SDK skips', async () => {
    test.simulator.state.clearFaults();
    test.simulator.state.addFault({ target: 'generate', kind: 'slow-stream', delayMs: 400, count: 1 });
    const response = await fetch(`${test.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': test.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 200, stream: true, messages: [{ role: 'user', content: longText }] }),
    });
    const text = await response.text();
    expect(text).toContain('event: ping\ndata: {"type": "ping"}\n\n');
    expect(text).toContain('event: message_stop');

    test.simulator.state.addFault({ target: 'generate', kind: 'slow-stream', delayMs: 400, count: 1 });
    const client = new Anthropic({ baseURL: test.baseUrl, apiKey: test.apiKey, maxRetries: 0 });
    const message = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 200, messages: [{ role: 'user', content: longText }] }).finalMessage();
    expect(message.content.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual([`Echo: ${longText}`]);
  });

  it('OpenAI streams get SSE comments, which clients ignore', async () => {
    test.simulator.state.clearFaults();
    test.simulator.state.addFault({ target: 'generate', kind: 'slow-stream', delayMs: 400, count: 1 });
    const response = await fetch(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: longText }] }),
    });
    const text = await response.text();
    expect(text).toContain(': ping\n\n');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
