import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import { buildAnthropicStreamEncoder } from './build-anthropic-stream-encoder.js';
import { convertGeminiResponseToAnthropic } from './convert-gemini-response-to-anthropic.js';
import { formatAnthropicError } from './format-anthropic-error.js';

/**
 * Proves that the real `@anthropic-ai/sdk` accepts what this folder produces: a local HTTP server answers
 * `/v1/messages` with our frames or bodies, and the SDK's own parser reads them.
 */
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let server: Server | undefined;

afterEach(async () => {
  if (server !== undefined) {
    server.close();
    await once(server, 'close');
    server = undefined;
  }
});

async function startServer(reply: Reply): Promise<Anthropic> {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return new Anthropic({ apiKey: 'sim-key-not-secret', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
}

const sse = (body: string): Reply => ({ status: 200, headers: { 'content-type': 'text/event-stream' }, body });
const params = { model: 'gemini-3-pro-test', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'hi' }] };

const chunks: GeminiResponse[] = [
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Weighing ', thought: true }] } }] },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'options.', thought: true, thoughtSignature: 'sig-abc' }, { text: 'I will ' }] } }] },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'look.' }] } }] },
  {
    candidates: [
      {
        content: { role: 'model', parts: [{ functionCall: { name: 'read_file', args: { path: 'docs/a very long path/that spans pieces/README.md', lines: [1, 2, 3] }, id: 'toolu_x' } }] },
        finishReason: 'STOP',
      },
    ],
    usageMetadata: { promptTokenCount: 21, candidatesTokenCount: 9, thoughtsTokenCount: 4 },
  },
];

describe('@anthropic-ai/sdk reading our output', () => {
  it('accumulates the stream into the expected final message', async () => {
    const encoder = buildAnthropicStreamEncoder({ model: 'gemini-3-pro-test', id: 'msg_sdk', inputTokens: 21 });
    const client = await startServer(sse(chunks.map((chunk) => encoder.push(chunk)).join('') + encoder.finish()));
    const stream = client.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(message.content).toHaveLength(3);
    expect(texts).toEqual(['I will ', 'look.']);
    // The SDK adds its own fields (`parsed_output`, `stop_details`); everything we sent must be there as sent.
    expect(message).toMatchObject({
      id: 'msg_sdk',
      type: 'message',
      role: 'assistant',
      model: 'gemini-3-pro-test',
      content: [
        { type: 'thinking', thinking: 'Weighing options.', signature: 'sig-abc' },
        { type: 'text', text: 'I will look.' },
        {
          type: 'tool_use',
          id: 'toolu_x',
          name: 'read_file',
          input: { path: 'docs/a very long path/that spans pieces/README.md', lines: [1, 2, 3] },
        },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 21, output_tokens: 13 },
    });
  });

  it('the stream and the non-stream converter agree on the content', async () => {
    const encoder = buildAnthropicStreamEncoder({ model: 'gemini-3-pro-test', id: 'msg_sdk' });
    const client = await startServer(sse(chunks.map((chunk) => encoder.push(chunk)).join('') + encoder.finish()));
    const streamed = await client.messages.stream(params).finalMessage();
    const whole: GeminiResponse = {
      candidates: [{ content: { role: 'model', parts: chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []) }, finishReason: 'STOP' }],
      usageMetadata: chunks.at(-1)?.usageMetadata,
    };
    expect(convertGeminiResponseToAnthropic(whole, { model: 'gemini-3-pro-test', id: 'msg_sdk' }).content).toEqual(streamed.content);
  });

  it('reads an empty stream as an empty message', async () => {
    const client = await startServer(sse(buildAnthropicStreamEncoder({ model: 'gemini-3-pro-test', id: 'msg_empty' }).finish()));
    const message = await client.messages.stream(params).finalMessage();
    expect(message.content).toEqual([]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('turns fail() into an APIError carrying the Anthropic error type', async () => {
    const encoder = buildAnthropicStreamEncoder({ model: 'gemini-3-pro-test', id: 'msg_fail' });
    const wire = encoder.push(chunks[2]) + encoder.fail({ status: 529, kind: 'overloaded', message: 'Upstream overloaded' });
    const client = await startServer(sse(wire));
    const error = await client.messages.stream(params).finalMessage().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toContain('Upstream overloaded');
  });

  it('parses a non-stream message', async () => {
    const message = convertGeminiResponseToAnthropic(
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello.' }] }, finishReason: 'MAX_TOKENS' }], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2 } },
      { model: 'gemini-3-pro-test', id: 'msg_plain' },
    );
    const client = await startServer({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    expect(await client.messages.create(params)).toMatchObject(message);
  });

  it('maps error bodies to the SDK exception classes', async () => {
    const formatted = formatAnthropicError({ status: 429, kind: 'rate_limit', message: 'All accounts limited.', retryAfterSeconds: 3 });
    const client = await startServer({
      status: formatted.status,
      headers: { 'content-type': 'application/json', ...formatted.headers },
      body: JSON.stringify(formatted.body),
    });
    const error = await client.messages.create(params).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).type).toBe('rate_limit_error');
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('3');
  });
});
