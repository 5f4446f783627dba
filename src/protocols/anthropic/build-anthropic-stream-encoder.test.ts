import { describe, expect, it } from 'vitest';
import { parseSseStream } from '../../shared/sse.js';
import type { GeminiPart, GeminiResponse } from '../gemini/gemini-api.js';
import { buildAnthropicStreamEncoder } from './build-anthropic-stream-encoder.js';

const options = { model: 'claude-sonnet-4-5', id: 'msg_s1', inputTokens: 12 };

function chunk(parts: GeminiPart[], extra: { finishReason?: string; usageMetadata?: GeminiResponse['usageMetadata'] } = {}): GeminiResponse {
  const candidate = { content: { role: 'model', parts }, ...(extra.finishReason ? { finishReason: extra.finishReason } : {}) };
  return { candidates: [candidate], ...(extra.usageMetadata ? { usageMetadata: extra.usageMetadata } : {}) };
}

function frame(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const usageOf = (input: number, output: number, cacheRead = 0) => ({
  input_tokens: input,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: cacheRead,
  output_tokens: output,
});

const messageStart = (inputTokens = 12, cacheRead = 0) =>
  frame('message_start', {
    message: {
      id: 'msg_s1',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'claude-sonnet-4-5',
      stop_reason: null,
      stop_sequence: null,
      usage: usageOf(inputTokens, 1, cacheRead),
    },
  });

async function readEvents(wire: string): Promise<Array<{ event?: string; data: Record<string, unknown> }>> {
  const events = [];
  for await (const event of parseSseStream(toAsyncIterable(wire))) events.push({ event: event.event, data: JSON.parse(event.data) as Record<string, unknown> });
  return events;
}

describe('buildAnthropicStreamEncoder', () => {
  it('encodes a text-only stream frame by frame', () => {
    const encoder = buildAnthropicStreamEncoder(options);
    const wire = [
      encoder.push(chunk([{ text: 'Hel' }])),
      encoder.push(chunk([{ text: 'lo' }])),
      encoder.push(chunk([], { finishReason: 'STOP', usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 2 } })),
      encoder.finish(),
    ];
    expect(wire).toEqual([
      messageStart() +
        frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hel' } }),
      frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'lo' } }),
      '',
      frame('content_block_stop', { index: 0 }) +
        frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usageOf(12, 2) }) +
        frame('message_stop', {}),
    ]);
  });

  it('encodes thinking, its signature, then text', () => {
    const encoder = buildAnthropicStreamEncoder(options);
    const wire =
      encoder.push(chunk([{ text: 'Let me ', thought: true }])) +
      encoder.push(chunk([{ text: 'think.', thought: true }, { text: '', thought: true, thoughtSignature: 'sig-1' }])) +
      encoder.push(chunk([{ text: 'Answer.' }], { finishReason: 'STOP', usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 3, thoughtsTokenCount: 5 } })) +
      encoder.finish();
    expect(wire).toBe(
      messageStart() +
        frame('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'sig-1' } }) +
        frame('content_block_stop', { index: 0 }) +
        frame('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }) +
        frame('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Answer.' } }) +
        frame('content_block_stop', { index: 1 }) +
        frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usageOf(12, 8) }) +
        frame('message_stop', {}),
    );
  });

  it('streams tool_use input as pieces of at most 64 characters that rebuild the arguments', async () => {
    const args = { path: 'src/protocols/anthropic/index.ts', pattern: 'export (function|const) \\w+', emoji: '🦀'.repeat(40), n: 3 };
    const encoder = buildAnthropicStreamEncoder({ model: 'm', id: 'msg_tool' });
    const wire =
      encoder.push(chunk([{ text: 'Searching.' }, { functionCall: { name: 'grep', args, id: 'call_1' } }])) +
      encoder.push(chunk([{ functionCall: { name: 'ls' } }], { finishReason: 'STOP' })) +
      encoder.finish();
    const events = await readEvents(wire);
    for (const event of events) expect(event.event).toBe(event.data.type);
    expect(events.map((event) => event.data.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      ...Array<string>(events.length - 11).fill('content_block_delta'),
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[4].data).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_1', name: 'grep', input: {} } });
    const pieces = events
      .filter((event) => event.data.index === 1 && event.data.type === 'content_block_delta')
      .map((event) => (event.data.delta as { type: string; partial_json: string }).partial_json);
    expect(pieces.length).toBeGreaterThan(2);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(64);
      expect(piece).not.toMatch(loneSurrogate);
    }
    expect(JSON.parse(pieces.join(''))).toEqual(args);
    expect(events.at(-5)?.data).toEqual({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_tool_0', name: 'ls', input: {} } });
    expect(events.at(-4)?.data).toEqual({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } });
    // No upstream usage at all: the input figures of message_start stand.
    expect(events.at(-2)?.data).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: usageOf(0, 0) });
  });

  it('finishes an empty stream with a complete message', () => {
    const encoder = buildAnthropicStreamEncoder({ model: 'claude-sonnet-4-5', id: 'msg_s1' });
    expect(encoder.finish()).toBe(
      messageStart(0) +
        frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usageOf(0, 0) }) +
        frame('message_stop', {}),
    );
    expect(encoder.finish()).toBe('');
    expect(encoder.push(chunk([{ text: 'late' }]))).toBe('');
  });

  it('takes input and cache figures from the first chunk when none were given', () => {
    const encoder = buildAnthropicStreamEncoder({ model: 'claude-sonnet-4-5', id: 'msg_s1' });
    expect(encoder.push(chunk([], { usageMetadata: { promptTokenCount: 40, cachedContentTokenCount: 10 } }))).toBe(messageStart(30, 10));
    expect(encoder.finish()).toBe(
      frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usageOf(30, 0, 10) }) +
        frame('message_stop', {}),
    );
  });

  it('puts the final input, cache and output figures in message_delta when usage only comes at the end', () => {
    const encoder = buildAnthropicStreamEncoder({ model: 'claude-sonnet-4-5', id: 'msg_s1' });
    const wire =
      encoder.push(chunk([{ text: 'Hi' }])) +
      encoder.push(chunk([], { finishReason: 'STOP', usageMetadata: { promptTokenCount: 50, cachedContentTokenCount: 20, candidatesTokenCount: 4 } })) +
      encoder.finish();
    expect(wire.startsWith(messageStart(0))).toBe(true);
    expect(wire).toContain(
      frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usageOf(30, 4, 20) }),
    );
  });

  it('fails with an error event and ignores everything after', () => {
    const encoder = buildAnthropicStreamEncoder(options);
    const start = encoder.push(chunk([{ text: 'partial' }]));
    expect(start).toContain('event: message_start\n');
    expect(encoder.fail({ status: 529, kind: 'overloaded', message: 'Upstream overloaded' })).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Upstream overloaded"}}\n\n',
    );
    expect(encoder.push(chunk([{ text: 'more' }]))).toBe('');
    expect(encoder.finish()).toBe('');
    expect(encoder.fail({ status: 500, kind: 'api_error', message: 'again' })).toBe('');
  });

  it('fails before anything was sent with only the error event', () => {
    const encoder = buildAnthropicStreamEncoder(options);
    expect(encoder.fail({ status: 429, kind: 'rate_limit', message: 'slow down' })).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}\n\n',
    );
  });
});

async function* toAsyncIterable(text: string): AsyncGenerator<string> {
  yield text;
}
