import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSseStream } from '../../shared/sse.js';
import type { GeminiPart, GeminiResponse } from '../gemini/gemini-api.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { buildOpenAIResponsesStreamEncoder } from './build-openai-responses-stream-encoder.js';
import type { OpenAIResponsesContext } from './format-responses-response.js';

const CONTEXT: OpenAIResponsesContext = {
  id: 'resp_0123',
  model: 'gemini-2.5-pro',
  createdAt: 1_710_000_000,
  catalog: new Map(),
  echo: {
    instructions: null,
    max_output_tokens: null,
    metadata: {},
    parallel_tool_calls: true,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
  },
};

function build(): StreamEncoder {
  return buildOpenAIResponsesStreamEncoder(CONTEXT);
}

function chunk(parts: GeminiPart[], extra: Partial<GeminiResponse> = {}, finishReason?: string): GeminiResponse {
  return { candidates: [{ content: { role: 'model', parts }, ...(finishReason === undefined ? {} : { finishReason }) }], ...extra };
}

async function parseFrames(wire: string): Promise<Array<{ event?: string; data: Record<string, unknown> }>> {
  const frames: Array<{ event?: string; data: Record<string, unknown> }> = [];
  async function* source(): AsyncGenerator<string> {
    yield wire;
  }
  for await (const frame of parseSseStream(source())) frames.push({ event: frame.event, data: JSON.parse(frame.data) as Record<string, unknown> });
  return frames;
}

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** Serves `wire` as the SSE answer of POST /v1/responses and reads it with the official SDK's stream helper. */
async function readWithSdk(wire: string): Promise<{ events: ResponseStreamEvent[]; final: Promise<OpenAI.Responses.Response> }> {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(wire);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test', maxRetries: 0 });
  const stream = client.responses.stream({ model: 'gemini-2.5-pro', input: 'x' });
  const events: ResponseStreamEvent[] = [];
  stream.on('event', (event) => events.push(event));
  return { events, final: stream.finalResponse() };
}

describe('buildOpenAIResponsesStreamEncoder', () => {
  it('opens with response.created and response.in_progress, frames `event:` = data.type, numbers events from 0', async () => {
    const encoder = build();
    const wire =
      encoder.push(chunk([{ text: 'Hel' }])) +
      encoder.push(chunk([{ text: 'lo' }], { usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 } }, 'STOP')) +
      encoder.finish();
    const frames = await parseFrames(wire);
    expect(frames.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    frames.forEach((frame, index) => {
      expect(frame.data.type).toBe(frame.event);
      expect(frame.data.sequence_number).toBe(index);
    });
    expect(frames[0].data.response).toEqual(
      expect.objectContaining({ id: 'resp_0123', object: 'response', status: 'in_progress', output: [], usage: null, created_at: 1_710_000_000 }),
    );
    const completed = frames.at(-1)?.data.response as Record<string, unknown>;
    expect(completed).toEqual(expect.objectContaining({ status: 'completed', error: null, incomplete_details: null, model: 'gemini-2.5-pro' }));
    expect(completed.usage).toEqual({
      input_tokens: 4,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 6,
    });
    expect(completed).not.toHaveProperty('output_text');
    // Once ended, the encoder stays quiet.
    expect(encoder.push(chunk([{ text: 'late' }]))).toBe('');
    expect(encoder.finish()).toBe('');
    expect(encoder.fail({ status: 500, kind: 'api_error', message: 'x' })).toBe('');
  });

  it('sends no bytes for chunks that carry nothing before the first content', () => {
    const encoder = build();
    expect(encoder.push({ candidates: [{ content: { parts: [] } }] })).toBe('');
    expect(encoder.push({ usageMetadata: { promptTokenCount: 1 } })).toBe('');
    expect(encoder.push(chunk([{ text: 'x' }]))).toMatch(/^event: response.created\n/);
  });

  it('is read by the official SDK: snapshots, text, reasoning, a function call and the final Response', async () => {
    const encoder = build();
    const wire =
      encoder.push(chunk([{ text: 'Let me ', thought: true }])) +
      encoder.push(chunk([{ text: 'check.', thought: true, thoughtSignature: 'SIG' }, { text: 'Calling.' }])) +
      encoder.push(chunk([{ functionCall: { name: 'get_weather', args: { city: 'Paris', unit: 'celsius' }, id: 'call_1' }, thoughtSignature: 'SIG' }], {
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 3 },
      }, 'STOP')) +
      encoder.finish();
    const { events, final } = await readWithSdk(wire);
    const response = await final;
    expect(response.id).toBe('resp_0123');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Calling.');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(response.output[0]).toEqual(
      expect.objectContaining({ summary: [{ type: 'summary_text', text: 'Let me check.' }], encrypted_content: 'agt-thought-signature:SIG' }),
    );
    expect(response.output[2]).toEqual(
      expect.objectContaining({ type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }),
    );
    expect(response.usage).toEqual(expect.objectContaining({ input_tokens: 10, output_tokens: 8, total_tokens: 18, output_tokens_details: { reasoning_tokens: 3 } }));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  });

  it('ends with response.incomplete for a token limit and for a blocked prompt', async () => {
    const limited = build();
    const limitedFrames = await parseFrames(limited.push(chunk([{ text: 'Echo: one' }], {}, 'MAX_TOKENS')) + limited.finish());
    const incomplete = limitedFrames.at(-1);
    expect(incomplete?.event).toBe('response.incomplete');
    expect(incomplete?.data.response).toEqual(
      expect.objectContaining({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }),
    );
    expect(limitedFrames.find((frame) => frame.event === 'response.output_item.done')?.data.item).toEqual(
      expect.objectContaining({ status: 'incomplete' }),
    );

    const blocked = build();
    const blockedFrames = await parseFrames(blocked.push({ promptFeedback: { blockReason: 'SAFETY' } }) + blocked.finish());
    expect(blockedFrames.map((frame) => frame.event)).toEqual(['response.created', 'response.in_progress', 'response.incomplete']);
    expect(blockedFrames[2].data.response).toEqual(expect.objectContaining({ incomplete_details: { reason: 'content_filter' }, output: [] }));
  });

  it('opens and ends an empty answer properly', async () => {
    const encoder = build();
    const frames = await parseFrames(encoder.finish());
    expect(frames.map((frame) => frame.event)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
  });

  it('fails with an error event then response.failed; the SDK throws APIError with the message', async () => {
    const encoder = build();
    const wire = encoder.push(chunk([{ text: 'partial' }])) + encoder.fail({ status: 502, kind: 'api_error', message: 'upstream stream broke' });
    const frames = await parseFrames(wire);
    expect(frames.slice(-2).map((frame) => frame.event)).toEqual(['error', 'response.failed']);
    expect(frames.at(-2)?.data).toEqual({
      type: 'error',
      code: null,
      message: 'upstream stream broke',
      param: null,
      error: { type: 'server_error', code: null, message: 'upstream stream broke', param: null },
      sequence_number: frames.length - 2,
    });
    expect(frames.at(-1)?.data.response).toEqual(
      expect.objectContaining({ status: 'failed', error: { code: 'server_error', message: 'upstream stream broke' } }),
    );
    // The open message never got its output_item.done.
    expect(frames.some((frame) => frame.event === 'response.output_item.done')).toBe(false);

    const { final } = await readWithSdk(wire);
    const error = await final.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/upstream stream broke/);
  });

  it('opens the stream before failing when nothing was sent yet, and names rate limits', async () => {
    const encoder = build();
    const frames = await parseFrames(encoder.fail({ status: 429, kind: 'rate_limit', message: 'slow down' }));
    expect(frames.map((frame) => frame.event)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(frames[2].data.code).toBe('rate_limit_exceeded');
    expect(frames[3].data.response).toEqual(expect.objectContaining({ error: { code: 'rate_limit_exceeded', message: 'slow down' } }));
  });
});
