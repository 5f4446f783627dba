import { afterEach, describe, expect, it } from 'vitest';
import { buildAntigravityUserAgent, DEFAULT_ANTIGRAVITY_VERSION } from '../../src/google/index.js';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy } from '../support/start-recording-proxy.js';

/**
 * What agt sends upstream for requests the backend is picky about, through a recording proxy in front of the strict
 * simulator: parallel tool results with images, blank text parts, safety settings, and the headers of a generate
 * call. Every answer must be a 200 with no simulator rule refusing anything.
 */

let setup: GatewayBehindRecordingProxy | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

async function post(path: string, body: unknown) {
  const agt = setup!.agt;
  const response = await fetch(`${agt.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${agt.apiKey}`, 'x-api-key': agt.apiKey, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

function refusedRules(): Record<string, number> {
  return setup!.simulator.state.counters().ruleRejections;
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('upstream request shapes', () => {
  it('parallel tool results with images: all function responses first, the images after them (Claude)', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } };
    const reply = await post('/v1/messages', {
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [
        { role: 'user', content: 'Take two screenshots.' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_a', name: 'screenshot', input: { screen: 1 } },
            { type: 'tool_use', id: 'toolu_b', name: 'screenshot', input: { screen: 2 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: [{ type: 'text', text: 'screen 1' }, image] },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: [{ type: 'text', text: 'screen 2' }, image] },
            { type: 'text', text: 'What do you see?' },
          ],
        },
      ],
      tools: [{ name: 'screenshot', description: 'Takes a screenshot', input_schema: { type: 'object', properties: { screen: { type: 'number' } } } }],
    });
    expect(reply.status, reply.text).toBe(200);
    expect(refusedRules()).toEqual({});
    const turn = setup.proxy.calls.at(-1)?.body.request?.contents?.at(-1);
    const kinds = (turn?.parts ?? []).map((part) => (part.functionResponse ? 'response' : part.inlineData ? 'image' : 'text'));
    const lastResponse = kinds.lastIndexOf('response');
    expect(kinds.filter((kind) => kind === 'response')).toHaveLength(2);
    expect(kinds.slice(0, lastResponse + 1).every((kind) => kind === 'response')).toBe(true);
  });

  it('blank text parts are dropped on every protocol (a Claude model refuses them)', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const openai = await post('/v1/chat/completions', {
      model: 'claude-sonnet-4-6',
      messages: [
        { role: 'system', content: '   ' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: ' \n ' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(openai.status, openai.text).toBe(200);
    const gemini = await post('/v1beta/models/claude-sonnet-4-6:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'hi' }, { text: '\t' }] }],
    });
    expect(gemini.status, gemini.text).toBe(200);
    expect(refusedRules()).toEqual({});
    for (const call of setup.proxy.calls) {
      for (const content of call.body.request?.contents ?? []) {
        for (const part of content.parts) if (typeof part.text === 'string') expect(part.text.trim()).not.toBe('');
      }
    }
  });

  it('safety filters are off on every protocol; the headers are the short Antigravity ones', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const model = 'gemini-3-flash';
    expect((await post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    expect((await post('/v1/messages', { model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    expect((await post('/v1/responses', { model, input: 'hi' })).status).toBe(200);
    expect((await post(`/v1beta/models/${model}:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })).status).toBe(200);
    expect(setup.proxy.calls).toHaveLength(4);
    for (const call of setup.proxy.calls) {
      const off = (call.body.request?.safetySettings ?? []).filter((setting) => setting.threshold === 'OFF').map((setting) => setting.category);
      expect(off.sort()).toEqual(['HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_SEXUALLY_EXPLICIT']);
      expect(call.headers['user-agent']).toBe(buildAntigravityUserAgent(DEFAULT_ANTIGRAVITY_VERSION));
      expect(call.headers['x-goog-api-client']).toBeUndefined();
      expect(call.headers['client-metadata']).toBeUndefined();
    }
    expect(refusedRules()).toEqual({});
  });

  it("a Gemini client's own safety thresholds are kept, and a name the API does not know gets the backend's 400", async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const path = '/v1beta/models/gemini-3-flash:generateContent';
    const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];
    const own = await post(path, { contents, safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }] });
    expect(own.status).toBe(200);
    expect(setup.proxy.calls[0]?.body.request?.safetySettings).toContainEqual({ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' });
    const wrong = await post(path, { contents, safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'NONE' }] });
    expect(wrong.status).toBe(400);
    expect((JSON.parse(wrong.text) as { error: { message: string } }).error.message).toContain('safety_settings[0].threshold');
  });

  it('Anthropic count_tokens falls back to the local estimate when the backend has no count', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 2 });
    const body = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Count these words please, all of them' }] };
    const counted = await post('/v1/messages/count_tokens', body);
    expect(counted.status).toBe(200);
    const fromBackend = (JSON.parse(counted.text) as { input_tokens: number }).input_tokens;
    expect(fromBackend).toBeGreaterThan(0);
    expect(Object.values(setup.simulator.state.counters().countTokens).reduce((sum, count) => sum + count, 0)).toBe(1);

    for (const kind of ['400', '404', '500'] as const) {
      setup.simulator.state.addFault({ target: 'countTokens', kind });
      const estimated = await post('/v1/messages/count_tokens', body);
      expect(estimated.status, `${kind}: ${estimated.text}`).toBe(200);
      expect((JSON.parse(estimated.text) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
      setup.simulator.state.clearFaults();
    }
  });
});
