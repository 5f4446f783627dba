import { describe, expect, it } from 'vitest';
import { createSeededRandom, type SeededRandom } from '../../../test/support/create-seeded-random.js';
import { parseSseStream } from '../../shared/sse.js';
import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import { buildAnthropicStreamEncoder } from './build-anthropic-stream-encoder.js';
import { convertAnthropicRequestToGemini } from './convert-anthropic-request-to-gemini.js';
import { convertGeminiResponseToAnthropic } from './convert-gemini-response-to-anthropic.js';
import { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens.js';
import { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';

const VALID_BODY = {
  model: 'claude-sonnet-4-5-thinking',
  max_tokens: 4096,
  stream: true,
  system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
  thinking: { type: 'enabled', budget_tokens: 1024 },
  tools: [
    { name: 'read_file', description: 'd', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
    { type: 'web_search_20250305', name: 'web_search' },
  ],
  tool_choice: { type: 'tool', name: 'read_file' },
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA' } }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 't', signature: 's' },
        { type: 'redacted_thinking', data: 'x' },
        { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'r' }, { type: 'document', source: { type: 'url', url: 'u' } }] },
        { type: 'text', text: 'next' },
      ],
    },
  ],
};

function deepNest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { type: 'object', properties: { x: value } };
  return value;
}

const HOSTILE_VALUES: unknown[] = [
  null,
  undefined,
  -1,
  0,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'user',
  'assistant',
  'tool_use',
  true,
  [],
  [null],
  {},
  { type: 'foo' },
  { type: 'text' },
  { type: 'text', text: 5 },
  { type: 'tool_use', id: '', name: 'n', input: {} },
  { type: 'tool_result', tool_use_id: 'nobody', content: [{ type: 'image', source: { type: 'url', url: 'x' } }] },
  { type: 'thinking', thinking: '', signature: null },
  { type: 'image', source: { type: 'base64' } },
  JSON.parse('{"__proto__": {"polluted": true}, "type": "text", "text": "p"}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown,
  deepNest(400),
  'long '.repeat(2000),
  { $ref: '#', type: 'object', properties: { self: { $ref: '#' } } },
];

function randomValue(random: SeededRandom, depth: number): unknown {
  const roll = random.next();
  if (depth > 3 || roll < 0.5) return random.pick(HOSTILE_VALUES);
  if (roll < 0.75) return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
  const keys = ['type', 'text', 'role', 'content', 'name', 'id', 'input', 'source', 'signature', 'thinking', 'cache_control', '__proto__'];
  const object: Record<string, unknown> = {};
  for (let count = random.int(4); count > 0; count -= 1) {
    Object.defineProperty(object, random.pick(keys), { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Replaces, deletes or adds one node somewhere inside a deep copy of `body`. */
function mutate(body: unknown, random: SeededRandom): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) visit(child);
  };
  visit(copy);
  const target = random.pick(containers);
  const keys = Object.keys(target);
  const action = random.next();
  if (keys.length > 0 && action < 0.6) {
    (target as Record<string, unknown>)[random.pick(keys)] = randomValue(random, 0);
  } else if (keys.length > 0 && action < 0.8) {
    delete (target as Record<string, unknown>)[random.pick(keys)];
  } else if (Array.isArray(target)) {
    target.push(randomValue(random, 0));
  } else {
    target[random.pick(['type', 'content', 'extra', 'cache_control', 'thinking', 'tools'])] = randomValue(random, 0);
  }
  return copy;
}

function expectInvalidRequest(error: unknown): void {
  expect(error).toBeInstanceOf(GatewayError);
  expect((error as GatewayError).code).toBe('INVALID_REQUEST');
}

describe('hostile request bodies', () => {
  it('either parse and convert, or fail with INVALID_REQUEST, for 2,000 random bodies', () => {
    const random = createSeededRandom(20260101);
    let accepted = 0;
    for (let round = 0; round < 2000; round += 1) {
      let body: unknown = round % 10 === 0 ? randomValue(random, 0) : VALID_BODY;
      for (let mutations = 1 + random.int(3); mutations > 0 && round % 10 !== 0; mutations -= 1) body = mutate(body, random);
      for (const parse of [parseAnthropicMessagesRequest, parseAnthropicCountTokensRequest]) {
        let parsed;
        try {
          parsed = parse(body);
        } catch (error) {
          expectInvalidRequest(error);
          continue;
        }
        try {
          const converted = convertAnthropicRequestToGemini(parsed);
          accepted += 1;
          expect(Number.isFinite(estimateAnthropicInputTokens(converted.request))).toBe(true);
          for (const content of converted.request.contents) {
            expect(content.parts.length).toBeGreaterThan(0);
            for (const part of content.parts) {
              if (part.functionCall !== undefined) expect(part.thoughtSignature).toEqual(expect.any(String));
              if (part.thought === true) expect(part.thoughtSignature).not.toBe('');
            }
          }
        } catch (error) {
          expectInvalidRequest(error);
        }
      }
    }
    // The mutations must leave enough bodies valid for the conversion half of the test to mean something.
    expect(accepted).toBeGreaterThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile upstream responses', () => {
  it('never make the response converter or the stream encoder throw, and frames stay well-formed', async () => {
    const random = createSeededRandom(7);
    const validChunk = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 't', thought: true, thoughtSignature: 's' }, { text: 'a' }, { functionCall: { name: 'f', args: { a: 1 } } }] },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4 },
    };
    for (let round = 0; round < 500; round += 1) {
      const chunks = Array.from({ length: 1 + random.int(3) }, () => mutate(validChunk, random) as GeminiResponse);
      for (const chunk of chunks) convertGeminiResponseToAnthropic(chunk, { model: 'm', id: `msg_${round}` });
      const encoder = buildAnthropicStreamEncoder({ model: 'm', id: `msg_${round}` });
      let wire = '';
      for (const chunk of chunks) wire += encoder.push(chunk);
      wire += random.next() < 0.2 ? encoder.fail({ status: 500, kind: 'api_error', message: 'boom' }) : encoder.finish();
      for await (const event of parseSseStream(toAsyncIterable(wire))) {
        const data = JSON.parse(event.data) as { type: string };
        expect(event.event).toBe(data.type);
      }
    }
  });
});

async function* toAsyncIterable(text: string): AsyncGenerator<string> {
  yield text;
}
