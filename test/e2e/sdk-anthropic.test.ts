import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, MessageStreamEvent, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_IMAGE_PNG_BASE64 } from '../../src/simulator/build-generate-reply.js';
import type { GoogleSimulator } from '../../src/simulator/index.js';
import {
  startTestGatewayBehindRecordingProxy,
  type GatewayBehindRecordingProxy,
  type RecordingProxy,
} from '../support/start-recording-proxy.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The official `@anthropic-ai/sdk`, configured exactly as a user would (`baseURL: <agt>` without `/v1`, `apiKey` →
 * `x-api-key`), against a real agt over the simulated Google. Between agt and the simulator sits a recording
 * pass-through, so tests can check what went upstream (the thought signature of a thinking tool call).
 * The simulator is deterministic: `Echo: <last user text>`, a call of the first offered tool, `Tool <name>
 * returned: <JSON>` for a tool result, a signed thought when thinking is asked, tokens = ceil(characters / 4).
 */

const MODEL = 'claude-sonnet-4-6';
const tokens = (text: string) => Math.ceil(text.length / 4);

const WEATHER_TOOL: Tool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, days: { type: 'integer' } },
    required: ['city', 'days'],
  },
};

describe('official @anthropic-ai/sdk against agt', () => {
  let setup: GatewayBehindRecordingProxy;
  let simulator: GoogleSimulator;
  let proxy: RecordingProxy;
  let agt: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy();
    ({ simulator, proxy, agt } = setup);
    client = new Anthropic({ baseURL: agt.baseUrl, apiKey: agt.apiKey, maxRetries: 0 });
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('answers a plain message with the deterministic reply and usage', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'Say hello' }] });

    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.id).toMatch(/^msg_/);
    expect(message.model).toBe(MODEL);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Echo: Say hello' })]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.stop_sequence).toBeNull();
    expect(message.usage.input_tokens).toBe(tokens('Say hello'));
    expect(message.usage.output_tokens).toBe(tokens('Echo: Say hello'));
  });

  it('sends the system prompt as a system instruction', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Echo: Hi there' })]);
    expect(message.usage.input_tokens).toBe(tokens('Hi there' + 'You are terse.'));
  });

  it('streams text: finalMessage() and the raw events in protocol order', async () => {
    const text = 'Stream this sentence back to me in several pieces please, thank you very much';
    const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: text }] });
    const events: MessageStreamEvent[] = [];
    const deltas: string[] = [];
    // The SDK grows the message_start snapshot in place; keep each event as it arrived.
    stream.on('streamEvent', (event) => events.push(structuredClone(event)));
    stream.on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();

    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: `Echo: ${text}` })]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.input_tokens).toBe(tokens(text));
    expect(final.usage.output_tokens).toBe(tokens(`Echo: ${text}`));
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.join('')).toBe(`Echo: ${text}`);

    const types = events.map((event) => event.type);
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.slice(2, -3).every((type) => type === 'content_block_delta')).toBe(true);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const start = events[0];
    if (start.type !== 'message_start') throw new Error('no message_start');
    expect(start.message.content).toEqual([]);
    expect(start.message.stop_reason).toBeNull();
    const messageDelta = events.at(-2);
    if (messageDelta?.type !== 'message_delta') throw new Error('no message_delta');
    expect(messageDelta.delta.stop_reason).toBe('end_turn');
  });

  it('streams by iterating create({ stream: true })', async () => {
    const stream = await client.messages.create({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'iterate me' }], stream: true });
    let text = '';
    let stopReason: string | null = null;
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') stopReason = event.delta.stop_reason;
    }
    expect(text).toBe('Echo: iterate me');
    expect(stopReason).toBe('end_turn');
  });

  it('round-trips a tool call without streaming', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 1024, messages, tools: [WEATHER_TOOL] });

    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    if (toolUse?.type !== 'tool_use') throw new Error('no tool_use block');
    expect(toolUse.id).toMatch(/^toolu_|^call_/);
    expect(toolUse.name).toBe('get_weather');
    expect(toolUse.input).toEqual({ city: 'sim', days: 1 });

    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny, 21 °C' }] });
    const second = await client.messages.create({ model: MODEL, max_tokens: 1024, messages, tools: [WEATHER_TOOL] });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Tool get_weather returned: {"result":"sunny, 21 °C"}' })]);
  });

  it('round-trips a tool call while streaming; input_json_delta pieces reassemble into the input', async () => {
    const tool: Tool = {
      name: 'book_trip',
      input_schema: {
        type: 'object',
        properties: Object.fromEntries(['origin_city', 'destination_city', 'departure_date', 'return_date', 'traveller_name'].map((name) => [name, { type: 'string' }])),
      },
    };
    const messages: MessageParam[] = [{ role: 'user', content: 'Book me a trip' }];
    const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, messages, tools: [tool] });
    const pieces: string[] = [];
    stream.on('inputJson', (partial) => pieces.push(partial));
    const final = await stream.finalMessage();

    expect(final.stop_reason).toBe('tool_use');
    const toolUse = final.content.find((block) => block.type === 'tool_use');
    if (toolUse?.type !== 'tool_use') throw new Error('no tool_use block');
    const expectedInput = { origin_city: 'sim', destination_city: 'sim', departure_date: 'sim', return_date: 'sim', traveller_name: 'sim' };
    expect(toolUse.input).toEqual(expectedInput);
    expect(pieces.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(pieces.join(''))).toEqual(expectedInput);

    messages.push({ role: 'assistant', content: final.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: [{ type: 'text', text: 'booked' }] }] });
    const answer = await client.messages.stream({ model: MODEL, max_tokens: 1024, messages, tools: [tool] }).finalMessage();
    expect(answer.content).toEqual([expect.objectContaining({ type: 'text', text: 'Tool book_trip returned: {"result":"booked"}' })]);
    expect(answer.stop_reason).toBe('end_turn');
  });

  it('returns a signed thinking block and accepts it back with a tool call (signature forwarded, no upstream 400)', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const messages: MessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking, messages, tools: [WEATHER_TOOL] });

    expect(first.stop_reason).toBe('tool_use');
    const [thinkingBlock, toolUse] = first.content;
    if (thinkingBlock?.type !== 'thinking') throw new Error(`expected a thinking block first, got ${thinkingBlock?.type}`);
    expect(thinkingBlock.thinking).toBe('Thinking about: Weather in Oslo?');
    // The client gets the signature prefixed with the family that issued it; upstream gets it as issued.
    expect(thinkingBlock.signature).toMatch(/^claude#sim-sig-claude-/);
    const issued = thinkingBlock.signature.slice('claude#'.length);
    if (toolUse?.type !== 'tool_use') throw new Error('expected a tool_use block after the thinking block');

    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"sky":"clear"}' }] });
    const before = proxy.calls.length;
    const second = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking, messages, tools: [WEATHER_TOOL] });
    expect(second.stop_reason).toBe('end_turn');
    const text = second.content.find((block) => block.type === 'text');
    expect(text?.type === 'text' && text.text).toBe('Tool get_weather returned: {"result":"{\\"sky\\":\\"clear\\"}"}');
    expect(second.content[0].type).toBe('thinking');

    // What went upstream: the model turn carries the client's thinking block and its signature on the call.
    const upstream = proxy.calls.slice(before).at(-1)?.body.request?.contents ?? [];
    const modelTurn = upstream.find((content) => content.role === 'model');
    expect(modelTurn?.parts).toEqual([
      { text: 'Thinking about: Weather in Oslo?', thought: true, thoughtSignature: issued },
      expect.objectContaining({ functionCall: expect.objectContaining({ name: 'get_weather' }), thoughtSignature: issued }),
    ]);
  });

  it('streams thinking: thinking_delta then signature_delta, assembled by the SDK', async () => {
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'Think first' }],
    });
    const deltaTypes: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltaTypes.push(event.delta.type);
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'thinking', thinking: 'Thinking about: Think first', signature: expect.stringMatching(/^claude#sim-sig-claude-/) }),
      expect.objectContaining({ type: 'text', text: 'Echo: Think first' }),
    ]);
    expect(deltaTypes).toContain('thinking_delta');
    expect(deltaTypes).toContain('signature_delta');
    expect(deltaTypes.indexOf('signature_delta')).toBeLessThan(deltaTypes.indexOf('text_delta'));
  });

  it('describes a base64 image block by mime type and byte count', async () => {
    const bytes = Buffer.from(SIM_IMAGE_PNG_BASE64, 'base64').length;
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: SIM_IMAGE_PNG_BASE64 } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: `Echo: What is this? [image image/png ${bytes} bytes]` })]);
  });

  it('reports stop_reason max_tokens when max_tokens cuts the answer, whole and streamed', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'one two three four five six seven eight' }];
    const message = await client.messages.create({ model: MODEL, max_tokens: 3, messages });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Echo: one tw' })]);
    expect(message.stop_reason).toBe('max_tokens');
    const streamed = await client.messages.stream({ model: MODEL, max_tokens: 3, messages }).finalMessage();
    expect(streamed.stop_reason).toBe('max_tokens');
    expect(streamed.content).toEqual([expect.objectContaining({ type: 'text', text: 'Echo: one tw' })]);
  });

  it('fails a stream cut after it started with an `event: error` the SDK raises as APIError', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
    simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 2, count: 1 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: text }] });
    let received = '';
    stream.on('text', (delta) => (received += delta));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'api_error', message: expect.stringMatching(/upstream stream broke/) },
    });
    expect(received.length).toBeGreaterThan(0);
    expect(`Echo: ${text}`.startsWith(received)).toBe(true);
    expect(received).not.toBe(`Echo: ${text}`);
  });

  // Current Claude Code puts `role: "system"` entries inside `messages` (beta mid-conversation-system-2026-04-07); the
  // SDK's types do not know the role yet, so the entry is cast. Both routes take it; upstream it is a wrapped user text.
  it('takes a role "system" entry inside messages on /v1/messages and /v1/messages/count_tokens', async () => {
    const messages = [
      { role: 'user', content: 'Say hello' },
      { role: 'system', content: [{ type: 'text', text: 'The working directory is /tmp/project' }] },
    ] as unknown as MessageParam[];
    const before = proxy.calls.length;
    const message = await client.messages.create({ model: MODEL, max_tokens: 1024, messages });
    const reminder = '<system-reminder>\nThe working directory is /tmp/project\n</system-reminder>';
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: `Echo: Say hello\n${reminder}` })]);
    expect(proxy.calls[before].body.request?.contents).toEqual([{ role: 'user', parts: [{ text: 'Say hello' }, { text: reminder }] }]);
    const counted = await client.messages.countTokens({ model: MODEL, messages });
    expect(counted.input_tokens).toBeGreaterThan(tokens(reminder));
  });

  it('counts tokens with messages.countTokens', async () => {
    const counted = await client.messages.countTokens({ model: MODEL, system: 'Be brief.', messages: [{ role: 'user', content: 'Count these words please' }] });
    expect(counted.input_tokens).toBe(tokens('Be brief.' + 'Count these words please'));
  });

  // Known failing: src/server/routes/anthropic-routes.ts (count_tokens) sends only the system prompt and the
  // messages to Code Assist countTokens, so tool definitions are never counted when upstream answers.
  it('counts the tool definitions in messages.countTokens, as Anthropic does', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'Count these words please' }];
    const without = await client.messages.countTokens({ model: MODEL, messages });
    const withTools = await client.messages.countTokens({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    // The weather tool's name, description and schema are well over 20 tokens at four characters a token.
    expect(withTools.input_tokens - without.input_tokens).toBeGreaterThanOrEqual(20);
  });

  describe('errors arrive as the SDK’s own exception classes', () => {
    it('401 for a wrong API key → AuthenticationError with an authentication_error body', async () => {
      const wrong = new Anthropic({ baseURL: agt.baseUrl, apiKey: 'sk-ant-wrong', maxRetries: 0 });
      const error = await wrong.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      const apiError = error as InstanceType<typeof Anthropic.AuthenticationError>;
      expect(apiError.status).toBe(401);
      expect(apiError.error).toEqual(expect.objectContaining({ type: 'error', error: expect.objectContaining({ type: 'authentication_error' }) }));
    });

    it('400 for a body without messages → BadRequestError naming the field', async () => {
      const error = await client.messages
        .create({ model: MODEL, max_tokens: 10 } as unknown as Anthropic.MessageCreateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      const apiError = error as InstanceType<typeof Anthropic.BadRequestError>;
      expect(apiError.status).toBe(400);
      expect(apiError.error).toEqual(expect.objectContaining({ type: 'error', error: expect.objectContaining({ type: 'invalid_request_error' }) }));
      expect(apiError.message).toMatch(/messages/);
    });

    it('400 for max_tokens of the wrong type → BadRequestError naming the field', async () => {
      const error = await client.messages
        .create({ model: MODEL, max_tokens: 'ten', messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as Error).message).toMatch(/max_tokens/);
    });

    it('404 for a model the upstream does not serve → NotFoundError', async () => {
      const error = await client.messages
        .create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.NotFoundError);
      expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toEqual(
        expect.objectContaining({ type: 'error', error: expect.objectContaining({ type: 'not_found_error' }) }),
      );
    });

    it('429 when every account is rate-limited → RateLimitError with retry-after, no account email', async () => {
      // Scoped to one upstream model so the other tests of this file keep their accounts.
      simulator.state.addFault({ target: 'generate', kind: '429', model: 'claude-opus-4-6-thinking', retryDelaySeconds: 30 });
      try {
        const error = await client.messages
          .create({ model: 'claude-opus-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'limited' }] })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Anthropic.RateLimitError);
        const apiError = error as InstanceType<typeof Anthropic.RateLimitError>;
        expect(apiError.status).toBe(429);
        expect(apiError.error).toEqual(expect.objectContaining({ type: 'error', error: expect.objectContaining({ type: 'rate_limit_error' }) }));
        const retryAfter = Number(apiError.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(25);
        expect(retryAfter).toBeLessThanOrEqual(30);
        expect(JSON.stringify(apiError.error)).not.toMatch(/@example\.com/);

        const streamError = await client.messages
          .stream({ model: 'claude-opus-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'limited' }] })
          .finalMessage()
          .catch((caught: unknown) => caught);
        expect(streamError).toBeInstanceOf(Anthropic.RateLimitError);
      } finally {
        simulator.state.clearFaults();
      }
    });
  });
});

describe('official @anthropic-ai/sdk: no usable account', () => {
  it('503 naming invalid_grant (and no email) when every refresh token was revoked → InternalServerError', async () => {
    const agt = await startTestGateway({ accounts: 2 });
    try {
      for (const email of agt.emails) agt.simulator.state.revoke(email);
      const client = new Anthropic({ baseURL: agt.baseUrl, apiKey: agt.apiKey, maxRetries: 0 });
      const error = await client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      const apiError = error as InstanceType<typeof Anthropic.InternalServerError>;
      expect(apiError.status).toBe(503);
      expect(apiError.error).toEqual(expect.objectContaining({ type: 'error', error: expect.objectContaining({ type: 'overloaded_error' }) }));
      expect(apiError.message).toMatch(/invalid_grant/);
      expect(JSON.stringify(apiError.error)).not.toMatch(/@example\.com/);
    } finally {
      await agt.close();
    }
  });

  it('503 from a gateway with no accounts at all', async () => {
    const agt = await startTestGateway({ accounts: 0 });
    try {
      const client = new Anthropic({ baseURL: agt.baseUrl, apiKey: agt.apiKey, maxRetries: 0 });
      const error = await client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect((error as InstanceType<typeof Anthropic.InternalServerError>).status).toBe(503);
    } finally {
      await agt.close();
    }
  });
});
