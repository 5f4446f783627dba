import { describe, expect, it } from 'vitest';
import { createSeededRandom, type SeededRandom } from '../../../test/support/create-seeded-random.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { convertOpenAIRequestToGemini } from './convert-openai-request-to-gemini.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

function deepArray(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const STRINGS = [
  '',
  ' ',
  'user',
  'assistant',
  'tool',
  'function',
  'system',
  'text',
  'image_url',
  'function',
  'none',
  'auto',
  'required',
  'high',
  'data:',
  'data:image/png;base64,AAAA',
  'data:;,%E0%A4%A',
  'data:text/plain,hello%20world',
  'http://example.invalid/a.constructor',
  'ftp://x',
  '{"a":1}',
  '[1,2]',
  '{not json',
  '__proto__',
  'constructor',
  '\u0000\ud800',
  'x'.repeat(5000),
  deepObject(500),
  deepObject(20),
];

/** Any JSON-ish value, hostile ones included. */
function randomValue(random: SeededRandom, depth: number): unknown {
  const roll = random.next();
  if (depth > 4 || roll < 0.3) {
    return random.pick([
      null,
      undefined,
      true,
      false,
      0,
      -1,
      1.5,
      2,
      Number.MAX_SAFE_INTEGER,
      1e308,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      ...STRINGS,
    ]);
  }
  if (roll < 0.4) return deepArray(1 + random.int(3000));
  if (roll < 0.55) return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
  if (roll < 0.65) return randomMessage(random, depth + 1);
  const keys = ['role', 'content', 'type', 'text', 'image_url', 'url', 'tool_calls', 'function', 'name', 'arguments', 'id', 'parameters', 'input_audio', 'file', '__proto__', 'constructor'];
  const value: Record<string, unknown> = {};
  const count = random.int(4);
  for (let index = 0; index < count; index += 1) {
    Object.defineProperty(value, random.pick(keys), { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return value;
}

/** Well-formed messages; when `hostile`, one field is swapped for something hostile. */
function randomMessage(random: SeededRandom, depth: number, hostile = true): Record<string, unknown> {
  const anyString = (): string => random.pick(STRINGS);
  const validArguments = (): string => random.pick(['', '{}', '{"q":"x"}', deepObject(20)]);
  const templates: Array<() => Record<string, unknown>> = [
    () => ({ role: 'system', content: 'rules' }),
    () => ({ role: 'developer', content: [{ type: 'text', text: 'rules' }] }),
    () => ({ role: 'user', content: hostile ? anyString() : 'hello' }),
    () => ({
      role: 'user',
      content: [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: hostile ? anyString() : 'data:image/png;base64,AAAA' } },
        { type: 'input_audio', input_audio: { data: 'AAAA', format: random.pick(['wav', 'mp3']) } },
        { type: 'file', file: { file_data: hostile ? anyString() : 'data:application/pdf;base64,AA', filename: anyString() } },
      ],
    }),
    () => ({
      role: 'assistant',
      content: random.pick([null, 'ok', [{ type: 'refusal', refusal: 'no' }]]),
      reasoning_content: random.pick([undefined, 'thinking']),
      tool_calls: [
        {
          id: random.pick(['call_1', 'call_2']),
          type: 'function',
          function: { name: 'lookup', arguments: hostile ? anyString() : validArguments() },
          extra_content: hostile ? randomValue(random, depth + 1) : { google: { thought_signature: 'sig' } },
        },
      ],
    }),
    () => ({ role: 'assistant', function_call: { name: 'lookup', arguments: hostile ? anyString() : validArguments() } }),
    () => ({ role: 'tool', tool_call_id: hostile ? random.pick(['call_1', 'missing']) : 'call_1', name: 'lookup', content: anyString() }),
    () => ({ role: 'function', name: 'lookup', content: anyString() }),
  ];
  const message = random.pick(templates)();
  if (hostile && random.next() < 0.3) {
    const key = random.pick([...Object.keys(message), 'role', 'content', 'tool_call_id', 'name']);
    message[key] = randomValue(random, depth + 1);
  }
  return message;
}

function randomBody(random: SeededRandom): unknown {
  const roll = random.next();
  if (roll < 0.1) return randomValue(random, 0);
  // Half the bodies are well-formed apart from their content, so conversion is exercised as much as parsing.
  const hostile = roll < 0.55;
  const body: Record<string, unknown> = {
    model:
      hostile && random.next() < 0.1
        ? random.pick(['', 5, null, undefined])
        : random.pick(['gemini-2.5-pro', 'claude-sonnet-4-5-thinking']),
    messages:
      hostile && random.next() < 0.05
        ? randomValue(random, 1)
        : Array.from({ length: 1 + random.int(5) }, () =>
            !hostile || random.next() < 0.9 ? randomMessage(random, 1, hostile) : randomValue(random, 1),
          ),
  };
  const optional: Array<[string, unknown[], () => unknown]> = [
    ['stream', [true, false, null], () => random.pick(['yes', 1])],
    ['stream_options', [{ include_usage: true }], () => random.pick([{ include_usage: 'x' }, 7])],
    ['max_tokens', [1, 100, null], () => random.pick([0, -5, 1.5, '10'])],
    ['max_completion_tokens', [50, 30000], () => 'x'],
    ['temperature', [0, 0.7, 2, null], () => 'hot'],
    ['top_p', [0.9, null], () => []],
    ['n', [1, null], () => random.pick([2, 0, 'one'])],
    ['stop', ['END', ['a', ''], '', null], () => [1]],
    ['reasoning_effort', ['low', 'medium', 'high', 'none', null], () => random.pick(['extreme', 3])],
    [
      'response_format',
      [{ type: 'json_object' }, { type: 'text' }, { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } }],
      () =>
        random.pick([{ type: 'json_schema', json_schema: { name: 'x', schema: randomValue(random, 1) } }, { type: 'yaml' }, 'json']),
    ],
    [
      'tools',
      [[{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }]],
      () => [
        {
          type: random.pick(['function', 'web_search', 5]),
          function: { name: random.pick(['lookup', '', 3]), parameters: randomValue(random, 1) },
        },
      ],
    ],
    [
      'tool_choice',
      ['none', 'auto', 'required', { type: 'function', function: { name: 'lookup' } }],
      () => random.pick(['maybe', { type: 'function' }]),
    ],
    ['functions', [[{ name: 'lookup', parameters: { type: 'object' } }]], () => random.pick([[{}], 'f'])],
    ['function_call', ['none', 'auto', { name: 'lookup' }], () => ({ name: 4 })],
    ['user', ['someone'], () => randomValue(random, 1)],
  ];
  for (const [key, validValues, makeHostileValue] of optional) {
    if (random.next() < 0.3) body[key] = hostile && random.next() < 0.2 ? makeHostileValue() : random.pick(validValues);
  }
  return body;
}

describe('parseOpenAIChatRequest and convertOpenAIRequestToGemini on hostile bodies', () => {
  it('either succeed or throw GatewayError INVALID_REQUEST, for 2,000 random bodies', () => {
    const seed = 20_240_601;
    const random = createSeededRandom(seed);
    const outcomes = { parsed: 0, converted: 0, rejected: 0 };
    for (let index = 0; index < 2000; index += 1) {
      const body = randomBody(random);
      try {
        const parsed = parseOpenAIChatRequest(body);
        outcomes.parsed += 1;
        const converted = convertOpenAIRequestToGemini(parsed);
        // What goes upstream must serialise.
        expect(typeof JSON.stringify(converted.request)).toBe('string');
        outcomes.converted += 1;
      } catch (error) {
        if (!(error instanceof GatewayError) || error.code !== 'INVALID_REQUEST') {
          throw new Error(`seed ${seed}, body #${index}: unexpected ${String(error)}`, { cause: error });
        }
        expect(error.message.length).toBeGreaterThan(0);
        outcomes.rejected += 1;
      }
    }
    // The generator must exercise both paths, or this test proves nothing.
    expect(outcomes.converted).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(100);
  });

  it('handles a huge body without a stack overflow', () => {
    const parts = Array.from({ length: 200_000 }, (_, index) => ({ type: 'text', text: `p${index}` }));
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: parts },
        { role: 'system', content: parts },
      ],
    };
    const converted = convertOpenAIRequestToGemini(parseOpenAIChatRequest(body));
    expect(converted.request.contents[0].parts).toHaveLength(200_001);
    expect(converted.request.systemInstruction?.parts).toHaveLength(200_000);
  });

  it('rejects tool-call arguments nested too deep to send upstream', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: deepObject(20_000) } }] },
      ],
    };
    expect(() => convertOpenAIRequestToGemini(parseOpenAIChatRequest(body))).toThrow(
      new GatewayError('INVALID_REQUEST', 'messages[1].tool_calls[0].function.arguments: nests deeper than 100 levels'),
    );
  });
});
