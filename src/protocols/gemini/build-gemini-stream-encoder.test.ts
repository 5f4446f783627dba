import { describe, it, expect } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleGenAI } from '@google/genai';
import { parseSseStream } from '../../shared/sse.js';
import { buildGeminiStreamEncoder } from './build-gemini-stream-encoder.js';
import type { GeminiResponse } from './gemini-api.js';

const CHUNKS: GeminiResponse[] = [
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think', thought: true }] } }], responseId: 'r1' },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello\nworld', thoughtSignature: 'sig-1' }] } }], responseId: 'r1' },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: '!' }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  },
];

async function* toAsync(text: string): AsyncGenerator<string> {
  yield text;
}

describe('buildGeminiStreamEncoder', () => {
  it('writes each chunk as one data frame, with no [DONE]', () => {
    const encoder = buildGeminiStreamEncoder();
    expect(encoder.push({ candidates: [{ content: { role: 'model', parts: [{ text: 'a\nb' }] } }] })).toBe(
      'data: {"candidates":[{"content":{"role":"model","parts":[{"text":"a\\nb"}]}}]}\n\n',
    );
    expect(encoder.push({ usageMetadata: { totalTokenCount: 1 } })).toBe('data: {"usageMetadata":{"totalTokenCount":1}}\n\n');
    expect(encoder.finish()).toBe('');
    expect(encoder.fail({ status: 500, kind: 'api_error', message: 'late' })).toBe('');
  });

  it('ends a failed stream with a google.rpc error frame followed by the same error as a bare JSON line', () => {
    const encoder = buildGeminiStreamEncoder();
    expect(encoder.push({ candidates: [] })).toBe('data: {"candidates":[]}\n\n');
    const error = '{"error":{"code":503,"message":"upstream\\nwent away","status":"UNAVAILABLE"}}';
    expect(encoder.fail({ status: 503, kind: 'overloaded', message: 'upstream\nwent away' })).toBe(`data: ${error}\n\n${error}\n`);
    expect(encoder.push({ candidates: [] })).toBe('');
    expect(encoder.finish()).toBe('');
  });

  it('gives SSE parsers exactly one error event for a failed stream', async () => {
    const encoder = buildGeminiStreamEncoder();
    const wire = encoder.push(CHUNKS[0]) + encoder.fail({ status: 502, kind: 'api_error', message: 'cut' });
    const events: unknown[] = [];
    for await (const event of parseSseStream(toAsync(wire))) events.push(JSON.parse(event.data));
    expect(events).toEqual([CHUNKS[0], { error: { code: 502, message: 'cut', status: 'INTERNAL' } }]);
  });

  it('round-trips through an SSE parser', async () => {
    const encoder = buildGeminiStreamEncoder();
    const wire = CHUNKS.map((chunk) => encoder.push(chunk)).join('') + encoder.finish();
    const events: unknown[] = [];
    for await (const event of parseSseStream(toAsync(wire))) {
      expect(event.event).toBeUndefined();
      events.push(JSON.parse(event.data));
    }
    expect(events).toEqual(CHUNKS);
  });

  it('is read chunk by chunk by the @google/genai SDK over real HTTP', async () => {
    const server = http.createServer((request, response) => {
      request.resume();
      const encoder = buildGeminiStreamEncoder();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of CHUNKS) response.write(encoder.push(chunk));
      response.end(encoder.finish());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new GoogleGenAI({ apiKey: 'sim-key', httpOptions: { baseUrl: `http://127.0.0.1:${port}` } });
      const stream = await client.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
      const texts: Array<string | undefined> = [];
      let finishReason: string | undefined;
      let totalTokens: number | undefined;
      for await (const chunk of stream) {
        texts.push(chunk.candidates?.[0]?.content?.parts?.map((part) => part.text).join(''));
        finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
        totalTokens = chunk.usageMetadata?.totalTokenCount ?? totalTokens;
      }
      expect(texts).toEqual(['Let me think', 'Hello\nworld', '!']);
      expect(finishReason).toBe('STOP');
      expect(totalTokens).toBe(7);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('makes the @google/genai SDK throw when the stream fails after it started, instead of ending quietly', async () => {
    // Both the frame and the error in one write, as the gateway sends them (the SDK may also read them together).
    const server = http.createServer((request, response) => {
      request.resume();
      const encoder = buildGeminiStreamEncoder();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const partial: GeminiResponse = { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }] };
      response.end(encoder.push(partial) + encoder.fail({ status: 502, kind: 'api_error', message: 'upstream stream broke' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new GoogleGenAI({ apiKey: 'sim-key', httpOptions: { baseUrl: `http://127.0.0.1:${port}` } });
      const stream = await client.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
      const texts: string[] = [];
      const consume = async () => {
        for await (const chunk of stream) if (chunk.text !== undefined) texts.push(chunk.text);
      };
      await expect(consume()).rejects.toThrow();
      expect(texts).toEqual(['Hello']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
