import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_IMAGE_PNG_BASE64 } from '../../src/simulator/build-generate-reply.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The official `openai` SDK, configured exactly as a user would (`baseURL: <agt>/v1`, `apiKey`), against a real
 * agt over the simulated Google. The simulator is deterministic: it answers `Echo: <last user text>`, calls the
 * first offered tool, answers a tool result with `Tool <name> returned: <JSON>`, thinks when asked and counts
 * tokens as ceil(characters / 4).
 */

const MODEL = 'gemini-2.5-flash';
const tokens = (text: string) => Math.ceil(text.length / 4);

const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
    },
  },
};

describe('official openai SDK against agt', () => {
  let agt: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    agt = await startTestGateway();
    client = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
  });

  afterAll(async () => {
    await agt?.close();
  });

  it('answers a plain chat completion with the deterministic reply and consistent usage', async () => {
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Say hello' }] });

    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe(MODEL);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0].message.role).toBe('assistant');
    expect(completion.choices[0].message.content).toBe('Echo: Say hello');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toEqual(
      expect.objectContaining({
        prompt_tokens: tokens('Say hello'),
        completion_tokens: tokens('Echo: Say hello'),
        total_tokens: tokens('Say hello') + tokens('Echo: Say hello'),
      }),
    );
  });

  it('sends the system message as a system instruction (counted in the prompt tokens)', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi there' },
      ],
    });
    expect(completion.choices[0].message.content).toBe('Echo: Hi there');
    expect(completion.usage?.prompt_tokens).toBe(tokens('Hi there' + 'You are terse.'));
  });

  it('streams text through the SDK stream helper with usage on the final chunk', async () => {
    const text = 'Stream this sentence back to me in several pieces please, thank you very much';
    const stream = client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: text }],
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    const deltas: string[] = [];
    stream.on('chunk', (chunk) => chunks.push(chunk));
    stream.on('content', (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();

    expect(final.choices[0].message.content).toBe(`Echo: ${text}`);
    expect(final.choices[0].finish_reason).toBe('stop');
    expect(deltas.filter((delta) => delta !== '').length).toBeGreaterThanOrEqual(3);
    expect(deltas.join('')).toBe(`Echo: ${text}`);

    // Every chunk shares id and created; the first carries the role; the usage chunk comes last with no choices.
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(
      expect.objectContaining({
        prompt_tokens: tokens(text),
        completion_tokens: tokens(`Echo: ${text}`),
        total_tokens: tokens(text) + tokens(`Echo: ${text}`),
      }),
    );
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(final.usage?.total_tokens).toBe(tokens(text) + tokens(`Echo: ${text}`));
  });

  it('streams text by iterating create({ stream: true }) without usage unless asked', async () => {
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'iterate me' }], stream: true });
    let content = '';
    const finishReasons: Array<string | null> = [];
    let sawUsage = false;
    for await (const chunk of stream) {
      if (chunk.usage) sawUsage = true;
      for (const choice of chunk.choices) {
        content += choice.delta.content ?? '';
        finishReasons.push(choice.finish_reason);
      }
    }
    expect(content).toBe('Echo: iterate me');
    expect(finishReasons.filter((reason) => reason !== null)).toEqual(['stop']);
    expect(sawUsage).toBe(false);
  });

  it('round-trips a tool call without streaming', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });

    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const toolCalls = first.choices[0].message.tool_calls ?? [];
    expect(toolCalls).toHaveLength(1);
    const call = toolCalls[0];
    if (call.type !== 'function') throw new Error(`expected a function tool call, got ${call.type}`);
    expect(call.id).toBeTruthy();
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'sim', unit: 'celsius' });

    messages.push(first.choices[0].message);
    messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ temperature: 21 }) });
    const second = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    expect(second.choices[0].finish_reason).toBe('stop');
    expect(second.choices[0].message.content).toBe('Tool get_weather returned: {"result":{"temperature":21}}');
    expect(second.choices[0].message.tool_calls ?? []).toEqual([]);
  });

  it('round-trips a tool call while streaming; the argument pieces reassemble into valid JSON', async () => {
    const longCity = { type: 'string', description: 'x' };
    const tool: ChatCompletionTool = {
      type: 'function',
      function: {
        name: 'book_trip',
        parameters: {
          type: 'object',
          // Enough properties that the arguments exceed one 64-character piece.
          properties: Object.fromEntries(['origin_city', 'destination_city', 'departure_date', 'return_date', 'traveller_name'].map((name) => [name, longCity])),
        },
      },
    };
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Book me a trip' }];
    const stream = await client.chat.completions.create({ model: MODEL, messages, tools: [tool], stream: true });
    const argumentPieces: string[] = [];
    for await (const chunk of stream) {
      for (const toolCall of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (toolCall.function?.arguments) argumentPieces.push(toolCall.function.arguments);
      }
    }
    expect(argumentPieces.length).toBeGreaterThan(1);

    const helper = client.chat.completions.stream({ model: MODEL, messages, tools: [tool] });
    const final = await helper.finalChatCompletion();
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    const call = final.choices[0].message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function.name).toBe('book_trip');
    const expectedArguments = {
      origin_city: 'sim',
      destination_city: 'sim',
      departure_date: 'sim',
      return_date: 'sim',
      traveller_name: 'sim',
    };
    expect(JSON.parse(call.function.arguments)).toEqual(expectedArguments);
    expect(argumentPieces.join('')).toBe(call.function.arguments);

    messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    messages.push({ role: 'tool', tool_call_id: call.id, content: 'booked' });
    const answer = await client.chat.completions
      .stream({ model: MODEL, messages, tools: [tool], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(answer.choices[0].message.content).toBe('Tool book_trip returned: {"result":{"content":"booked"}}');
    expect(answer.choices[0].finish_reason).toBe('stop');
  });

  it('returns reasoning_content for reasoning_effort, both whole and streamed', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'Think first' }],
    });
    const message = completion.choices[0].message as typeof completion.choices[0]['message'] & { reasoning_content?: string };
    expect(message.content).toBe('Echo: Think first');
    expect(message.reasoning_content).toBe('Thinking about: Think first');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(tokens('Thinking about: Think first'));
    expect(completion.usage?.completion_tokens).toBe(tokens('Echo: Think first') + tokens('Thinking about: Think first'));
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));

    const stream = await client.chat.completions.create({
      model: MODEL,
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'Think first' }],
      stream: true,
    });
    let reasoning = '';
    let content = '';
    let reasoningBeforeContent = true;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (ChatCompletionChunk['choices'][0]['delta'] & { reasoning_content?: string }) | undefined;
      if (delta?.reasoning_content) {
        if (content !== '') reasoningBeforeContent = false;
        reasoning += delta.reasoning_content;
      }
      content += delta?.content ?? '';
    }
    expect(reasoning).toBe('Thinking about: Think first');
    expect(content).toBe('Echo: Think first');
    expect(reasoningBeforeContent).toBe(true);
  });

  it('carries the thought signature of a thinking tool call back upstream (no 400)', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await client.chat.completions.create({ model: MODEL, reasoning_effort: 'medium', messages, tools: [WEATHER_TOOL] });
    const call = first.choices[0].message.tool_calls?.[0] as (OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall & {
      extra_content?: { google?: { thought_signature?: string } };
    }) | undefined;
    expect(call?.function.name).toBe('get_weather');
    expect(call?.extra_content?.google?.thought_signature).toMatch(/^gemini#sim-sig-gemini-/);

    messages.push(first.choices[0].message);
    messages.push({ role: 'tool', tool_call_id: call?.id ?? '', content: '{"sky":"clear"}' });
    const second = await client.chat.completions.create({ model: MODEL, reasoning_effort: 'medium', messages, tools: [WEATHER_TOOL] });
    expect(second.choices[0].message.content).toBe('Tool get_weather returned: {"result":{"sky":"clear"}}');
  });

  it('describes an image_url data URL by mime type and byte count', async () => {
    const bytes = Buffer.from(SIM_IMAGE_PNG_BASE64, 'base64').length;
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${SIM_IMAGE_PNG_BASE64}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0].message.content).toBe(`Echo: What is this? [image image/png ${bytes} bytes]`);
  });

  it('reports finish_reason length when max_tokens cuts the answer, whole and streamed', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'one two three four five six seven eight' }];
    const completion = await client.chat.completions.create({ model: MODEL, max_tokens: 3, messages });
    expect(completion.choices[0].message.content).toBe('Echo: one tw');
    expect(completion.choices[0].finish_reason).toBe('length');
    const streamed = await client.chat.completions.stream({ model: MODEL, max_completion_tokens: 3, messages }).finalChatCompletion();
    expect(streamed.choices[0].message.content).toBe('Echo: one tw');
    expect(streamed.choices[0].finish_reason).toBe('length');
  });

  it('fails a stream cut after it started with the SDK’s APIError (no [DONE], no quiet success)', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
    agt.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 2, count: 1 });
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: text }], stream: true });
    let content = '';
    const consume = async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    };
    const error = await consume().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/upstream stream broke/);
    expect(content.length).toBeGreaterThan(0);
    expect(`Echo: ${text}`.startsWith(content)).toBe(true);
    expect(content).not.toBe(`Echo: ${text}`);
  });

  it('lists models with GET /v1/models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.object).toBe('model');
      ids.push(model.id);
    }
    // What the accounts really serve (the simulator's catalogue of today) and the family aliases; no retired ids.
    expect(ids).toEqual(expect.arrayContaining(['gemini-3-flash', 'gemini-pro-agent', 'claude-sonnet-4-6', 'claude-opus-latest', 'gemini-flash-latest']));
    expect(ids).not.toContain('gemini-2.5-flash');
    expect(ids).not.toContain('gemini-3.1-pro-high');
    expect(ids).not.toContain('tab_flash_lite_preview');
    // A name of a served family resolves; a name nothing serves is the SDK's NotFoundError.
    const one = await client.models.retrieve('gpt-5');
    expect(one.id).toBe('gpt-5');
    const missing = await client.models.retrieve('mistral-large').catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).message).toContain('/v1/models');
  });

  describe('errors arrive as the SDK’s own exception classes', () => {
    it('401 for a wrong API key → AuthenticationError', async () => {
      const wrong = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
      const error = await wrong.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
      expect(apiError.status).toBe(401);
      expect(apiError.error).toEqual(expect.objectContaining({ type: expect.any(String), message: expect.any(String) }));
      expect(JSON.stringify(apiError.error)).not.toContain('sk-wrong');
    });

    it('400 for a body without messages → BadRequestError naming the field', async () => {
      const error = await client.chat.completions
        .create({ model: MODEL } as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(apiError.status).toBe(400);
      expect(apiError.message).toMatch(/messages/);
      expect(apiError.type).toBe('invalid_request_error');
    });

    it('400 for messages of the wrong type → BadRequestError naming the field', async () => {
      const error = await client.chat.completions
        .create({ model: MODEL, messages: 'hello' } as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as Error).message).toMatch(/messages/);
    });

    it('404 for a model the upstream does not serve → NotFoundError', async () => {
      const error = await client.chat.completions
        .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).status).toBe(404);
    });

    it('429 when every account is rate-limited → RateLimitError with retry-after, no account email', async () => {
      // Scoped to one model so the other tests of this file keep their accounts.
      const model = 'gemini-3.1-pro-low';
      agt.simulator.state.addFault({ target: 'generate', kind: '429', model, retryDelaySeconds: 30 });
      try {
        const error = await client.chat.completions
          .create({ model, messages: [{ role: 'user', content: 'limited' }] })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.RateLimitError);
        const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
        expect(apiError.status).toBe(429);
        const retryAfter = Number(apiError.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(25);
        expect(retryAfter).toBeLessThanOrEqual(30);
        expect(JSON.stringify(apiError.error)).not.toMatch(/user\d@example\.com/);
        expect(apiError.message).not.toMatch(/user\d@example\.com/);

        // Streaming requests fail the same way, before any chunk (the status is still an error status).
        const streamError = await client.chat.completions
          .create({ model, messages: [{ role: 'user', content: 'limited' }], stream: true })
          .catch((caught: unknown) => caught);
        expect(streamError).toBeInstanceOf(OpenAI.RateLimitError);
      } finally {
        agt.simulator.state.clearFaults();
      }
    });
  });
});

describe('official openai SDK: no usable account', () => {
  it('503 naming invalid_grant (and no email) when every refresh token was revoked → InternalServerError', async () => {
    const agt = await startTestGateway({ accounts: 2 });
    try {
      for (const email of agt.emails) agt.simulator.state.revoke(email);
      const client = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
      const error = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      const apiError = error as InstanceType<typeof OpenAI.InternalServerError>;
      expect(apiError.status).toBe(503);
      expect(apiError.message).toMatch(/invalid_grant/);
      expect(JSON.stringify(apiError.error)).not.toMatch(/@example\.com/);
    } finally {
      await agt.close();
    }
  });

  it('503 from a gateway with no accounts at all', async () => {
    const agt = await startTestGateway({ accounts: 0 });
    try {
      const client = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
      const error = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(503);
    } finally {
      await agt.close();
    }
  });
});
