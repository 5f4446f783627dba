import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSseStream } from '../../shared/sse.js';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { buildOpenAIStreamEncoder } from './build-openai-stream-encoder.js';
import type { OpenAIChatCompletionChunk } from './openai-chat-api.js';

const header = '"id":"chatcmpl-1","object":"chat.completion.chunk","created":1710000000,"model":"gemini-2.5-pro","system_fingerprint":null';

function frame(delta: string, finishReason = 'null'): string {
  return `data: {${header},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason}}]}\n\n`;
}

function build(includeUsage = false): StreamEncoder {
  return buildOpenAIStreamEncoder({ model: 'gemini-2.5-pro', id: 'chatcmpl-1', created: 1_710_000_000, includeUsage });
}

function textChunk(text: string, extra: Partial<GeminiResponse> = {}, thought = false): GeminiResponse {
  return { candidates: [{ content: { role: 'model', parts: [thought ? { text, thought: true } : { text }] } }], ...extra };
}

/** Runs chunks through an encoder and returns all wire text. */
function encodeAll(encoder: StreamEncoder, chunks: GeminiResponse[]): string {
  return chunks.map((chunk) => encoder.push(chunk)).join('') + encoder.finish();
}

async function parseFrames(wire: string): Promise<string[]> {
  const frames: string[] = [];
  async function* source(): AsyncGenerator<string> {
    yield wire;
  }
  for await (const event of parseSseStream(source())) frames.push(event.data);
  return frames;
}

describe('buildOpenAIStreamEncoder', () => {
  it('streams text with the role first and the finish reason last', () => {
    const encoder = build();
    expect(encoder.push(textChunk('Hel'))).toBe(frame('{"role":"assistant","content":""}') + frame('{"content":"Hel"}'));
    expect(encoder.push(textChunk('lo', { candidates: [{ content: { parts: [{ text: 'lo' }] }, finishReason: 'STOP' }] }))).toBe(
      frame('{"content":"lo"}'),
    );
    expect(encoder.finish()).toBe(frame('{}', '"stop"') + 'data: [DONE]\n\n');
    // Once ended, the encoder stays quiet.
    expect(encoder.push(textChunk('late'))).toBe('');
    expect(encoder.finish()).toBe('');
  });

  it('streams thoughts as reasoning_content and skips empty signature-only parts', () => {
    const wire = encodeAll(build(), [
      textChunk('Hmm.', {}, true),
      { candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'sig' }] } }] },
      textChunk('42', { candidates: [{ content: { parts: [{ text: '42' }] }, finishReason: 'MAX_TOKENS' }] }),
    ]);
    expect(wire).toBe(
      frame('{"role":"assistant","content":""}') +
        frame('{"reasoning_content":"Hmm."}') +
        frame('{"content":"42"}') +
        frame('{}', '"length"') +
        'data: [DONE]\n\n',
    );
  });

  it('sends nothing for a chunk without content, and a role and finish chunk when no content ever came', () => {
    const encoder = build();
    expect(encoder.push({ candidates: [{ content: { parts: [] } }] })).toBe('');
    expect(encoder.finish()).toBe(frame('{"role":"assistant","content":""}') + frame('{}', '"stop"') + 'data: [DONE]\n\n');
  });

  it('streams a call of a custom tool whole, in one type "custom" delta', () => {
    const encoder = buildOpenAIStreamEncoder({ model: 'gemini-2.5-pro', id: 'chatcmpl-1', created: 1_710_000_000, includeUsage: false, customToolNames: new Set(['apply_patch']) });
    const wire = encodeAll(encoder, [
      { candidates: [{ content: { parts: [{ functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' }, id: 'c1' } }] }, finishReason: 'STOP' }] },
    ]);
    expect(wire).toBe(
      frame('{"role":"assistant","content":""}') +
        frame('{"tool_calls":[{"index":0,"id":"c1","type":"custom","custom":{"name":"apply_patch","input":"*** Begin Patch"}}]}') +
        frame('{}', '"tool_calls"') +
        'data: [DONE]\n\n',
    );
  });

  it('streams a tool call as a header chunk and argument pieces that reassemble exactly', async () => {
    const args = { query: 'x'.repeat(100), emoji: '😀'.repeat(40), nested: { list: [1, 2, 3] } };
    const wire = encodeAll(build(), [
      textChunk('Let me check.'),
      {
        candidates: [
          {
            content: { parts: [{ functionCall: { name: 'search', args, id: 'fc_7' }, thoughtSignature: 'sig-7' }, { functionCall: { name: 'noop' } }] },
            finishReason: 'STOP',
          },
        ],
      },
    ]);
    const chunks = (await parseFrames(wire)).filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as OpenAIChatCompletionChunk);
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: 'fc_7',
      type: 'function',
      function: { name: 'search', arguments: '' },
      extra_content: { google: { thought_signature: 'sig-7' } },
    });
    const pieces = toolDeltas.filter((delta) => delta.index === 0).slice(1).map((delta) => delta.function?.arguments ?? "");
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(64);
      // No piece may cut an emoji's surrogate pair: clients outside JavaScript would decode garbage.
      expect(piece).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
    expect(JSON.parse(pieces.join(''))).toEqual(args);
    expect(toolDeltas.filter((delta) => delta.index === 1)).toEqual([
      { index: 1, id: 'call_1', type: 'function', function: { name: 'noop', arguments: '' } },
      { index: 1, function: { arguments: '{}' } },
    ]);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.every((chunk) => chunk.id === 'chatcmpl-1' && chunk.created === 1_710_000_000)).toBe(true);
  });

  it('adds a usage chunk and usage:null on the others when usage was asked for', () => {
    const wire = encodeAll(build(true), [
      textChunk('Hi', { usageMetadata: { promptTokenCount: 1 } }),
      textChunk('!', { usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 2, thoughtsTokenCount: 3, totalTokenCount: 12 } }),
    ]);
    const withUsageNull = (text: string): string => text.replace('}]}\n\n', '}],"usage":null}\n\n');
    expect(wire).toBe(
      withUsageNull(frame('{"role":"assistant","content":""}')) +
        withUsageNull(frame('{"content":"Hi"}')) +
        withUsageNull(frame('{"content":"!"}')) +
        withUsageNull(frame('{}', '"stop"')) +
        `data: {${header},"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":5,"total_tokens":12,"completion_tokens_details":{"reasoning_tokens":3}}}\n\n` +
        'data: [DONE]\n\n',
    );
  });

  it('reports a blocked prompt as content_filter', () => {
    expect(encodeAll(build(), [{ promptFeedback: { blockReason: 'SAFETY' } }])).toBe(
      frame('{"role":"assistant","content":""}') + frame('{}', '"content_filter"') + 'data: [DONE]\n\n',
    );
  });

  it('fails with an error event and no [DONE]', () => {
    const encoder = build();
    encoder.push(textChunk('partial'));
    expect(encoder.fail({ status: 429, kind: 'rate_limit', message: 'All accounts limited', retryAfterSeconds: 5 })).toBe(
      'data: {"error":{"message":"All accounts limited","type":"requests","code":"rate_limit_exceeded"}}\n\n',
    );
    expect(encoder.finish()).toBe('');
    expect(encoder.fail({ status: 500, kind: 'api_error', message: 'again' })).toBe('');
  });
});

describe('buildOpenAIStreamEncoder with the official openai client', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** Serves `wire` as the response to any chat completion request, like the gateway route will. */
  async function serve(wire: string): Promise<OpenAI> {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(wire);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new OpenAI({ apiKey: 'sim-key', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  }

  it('accumulates text and tool calls into the final completion', async () => {
    const wire = encodeAll(build(true), [
      textChunk('Looking up. '),
      {
        candidates: [{ content: { parts: [{ functionCall: { name: 'lookup', args: { q: 'a'.repeat(150) }, id: 'fc_1' } }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 6 },
      },
    ]);
    const client = await serve(wire);
    const stream = client.chat.completions.stream({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'q' }], stream_options: { include_usage: true } });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0].message.content).toBe('Looking up. ');
    expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({
      id: 'fc_1',
      type: 'function',
      function: { name: 'lookup', arguments: JSON.stringify({ q: 'a'.repeat(150) }) },
    });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage).toEqual({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
  });

  it('turns a mid-stream failure into an APIError', async () => {
    const encoder = build();
    const client = await serve(encoder.push(textChunk('partial')) + encoder.fail({ status: 503, kind: 'overloaded', message: 'No available accounts' }));
    const stream = await client.chat.completions.create({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'q' }], stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow('No available accounts');
    expect(received.join('')).toBe('partial');
  });
});
