import { describe, expect, it } from 'vitest';
import { createSeededRandom, type SeededRandom } from '../../../test/support/create-seeded-random.js';
import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import { buildOpenAIResponsesStreamEncoder } from './build-openai-responses-stream-encoder.js';
import { convertGeminiResponseToOpenAIResponses } from './convert-gemini-response-to-openai-responses.js';
import { convertOpenAIResponsesRequestToGemini } from './convert-openai-responses-request-to-gemini.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

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
  'developer',
  'message',
  'function_call',
  'function_call_output',
  'reasoning',
  'input_text',
  'input_image',
  'output_text',
  'namespace',
  'custom',
  'web_search',
  'none',
  'auto',
  'required',
  'high',
  'data:',
  'data:image/png;base64,AAAA',
  'data:;,%E0%A4%A',
  'https://example.invalid/a.png',
  'ftp://x',
  'agt-thought-signature:',
  'agt-thought-signature:SIG',
  '{"a":1}',
  '[1,2]',
  '{not json',
  '__proto__',
  'constructor',
  'toString',
  '\u0000\ud800',
  'x'.repeat(5000),
  deepObject(500),
  deepObject(20),
];

/** Any JSON-ish value, hostile ones included. */
function randomValue(random: SeededRandom, depth: number): unknown {
  const roll = random.next();
  if (depth > 4 || roll < 0.3) {
    return random.pick([null, undefined, true, false, 0, -1, 1.5, 2, Number.MAX_SAFE_INTEGER, 1e308, Number.NaN, ...STRINGS]);
  }
  if (roll < 0.4) return deepArray(1 + random.int(3000));
  if (roll < 0.55) return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
  if (roll < 0.65) return randomItem(random, depth + 1);
  const keys = ['type', 'role', 'content', 'text', 'image_url', 'call_id', 'name', 'arguments', 'output', 'summary', 'encrypted_content', 'tools', '__proto__', 'constructor'];
  const value: Record<string, unknown> = {};
  const count = random.int(4);
  for (let index = 0; index < count; index += 1) {
    Object.defineProperty(value, random.pick(keys), { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return value;
}

/** Well-formed input items; when `hostile`, one field is swapped for something hostile. */
function randomItem(random: SeededRandom, depth: number, hostile = true): Record<string, unknown> {
  const anyString = (): string => random.pick(STRINGS);
  const callId = (): string => random.pick(hostile ? ['call_1', 'call_2', 'missing', ''] : ['call_1']);
  const templates: Array<() => Record<string, unknown>> = [
    () => ({ role: 'developer', content: hostile ? anyString() : 'rules' }),
    () => ({ role: 'user', content: hostile ? anyString() : 'hello' }),
    () => ({
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'look' },
        { type: 'input_image', image_url: hostile ? anyString() : 'data:image/png;base64,AAAA', detail: 'auto' },
        { type: 'input_file', file_data: hostile ? anyString() : 'JVBER', filename: anyString() },
      ],
    }),
    () => ({ role: 'assistant', content: [{ type: 'output_text', text: 'ok', annotations: [] }, { type: 'refusal', refusal: 'no' }] }),
    () => ({ type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'hmm' }], encrypted_content: hostile ? anyString() : 'agt-thought-signature:S' }),
    () => ({ type: 'function_call', call_id: 'call_1', name: random.pick(['f', 'shell']), arguments: hostile ? anyString() : '{"q":"x"}', namespace: random.pick([undefined, 'ns', '']) }),
    () => ({ type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: hostile ? randomValue(random, depth + 1) : 'patch' }),
    () => ({ type: 'function_call_output', call_id: callId(), output: hostile ? randomValue(random, depth + 1) : 'result' }),
    () => ({ type: 'custom_tool_call_output', call_id: callId(), output: [{ type: 'input_text', text: 'done' }, { type: 'input_image', image_url: anyString() }] }),
    () => ({ type: random.pick(['web_search_call', 'item_reference', 'compaction', 'local_shell_call']), id: 'x' }),
  ];
  const item = random.pick(templates)();
  if (hostile && random.next() < 0.3) {
    const key = random.pick([...Object.keys(item), 'type', 'role', 'content', 'call_id', 'name']);
    item[key] = randomValue(random, depth + 1);
  }
  return item;
}

function randomTool(random: SeededRandom, hostile: boolean): unknown {
  const templates: Array<() => unknown> = [
    () => ({ type: 'function', name: 'f', strict: false, parameters: hostile ? randomValue(random, 1) : { type: 'object', properties: { q: { type: 'string' } } } }),
    () => ({ type: 'function', name: 'shell', parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } } }),
    () => ({ type: 'custom', name: 'apply_patch', format: hostile ? randomValue(random, 1) : { type: 'grammar', syntax: 'lark', definition: 'start: x' } }),
    () => ({ type: 'namespace', name: 'ns', tools: hostile ? randomValue(random, 1) : [{ type: 'function', name: 'read' }] }),
    () => ({ type: random.pick(['web_search', 'web_search_preview', 'file_search', 'mcp', 'local_shell']) }),
  ];
  return hostile && random.next() < 0.1 ? randomValue(random, 1) : random.pick(templates)();
}

function randomBody(random: SeededRandom): unknown {
  const roll = random.next();
  if (roll < 0.1) return randomValue(random, 0);
  // Half the bodies are well-formed apart from their content, so conversion is exercised as much as parsing.
  const hostile = roll < 0.55;
  const body: Record<string, unknown> = {
    model: hostile && random.next() < 0.1 ? random.pick(['', 5, null, undefined]) : random.pick(['gemini-2.5-pro', 'claude-sonnet-4-5-thinking']),
    input:
      random.next() < 0.2
        ? random.pick(hostile ? STRINGS : ['hello'])
        : hostile && random.next() < 0.05
          ? randomValue(random, 1)
          : Array.from({ length: 1 + random.int(6) }, () => (!hostile || random.next() < 0.9 ? randomItem(random, 1, hostile) : randomValue(random, 1))),
  };
  const optional: Array<[string, unknown[], () => unknown]> = [
    ['instructions', ['You are Codex.', '', null], () => 5],
    ['stream', [true, false, null], () => 'yes'],
    ['max_output_tokens', [1, 100, null], () => random.pick([0, -5, 1.5, '10'])],
    ['temperature', [0, 0.7, null], () => 'hot'],
    ['top_p', [0.9, null], () => []],
    ['reasoning', [{ effort: 'low' }, { effort: 'high', summary: 'auto' }, { summary: 'detailed' }, null], () => random.pick([{ effort: 'extreme' }, 'high'])],
    ['text', [{ format: { type: 'text' } }, { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } }], () => ({ format: { type: 'json_schema', schema: randomValue(random, 1) } })],
    ['tools', [[randomTool(random, false)], [randomTool(random, false), randomTool(random, false)]], () => [randomTool(random, true)]],
    [
      'tool_choice',
      ['none', 'auto', 'required', { type: 'function', name: 'f' }, { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'f' }] }],
      () => random.pick(['maybe', { type: 'function' }, { type: 'allowed_tools', mode: 'x', tools: 5 }, { type: 'file_search' }]),
    ],
    ['previous_response_id', [null, ''], () => 'resp_1'],
    ['store', [false, true], () => 'no'],
    ['include', [['reasoning.encrypted_content']], () => [1]],
    ['parallel_tool_calls', [false, true], () => 0],
    ['background', [false], () => true],
    ['metadata', [{ a: 'b' }], () => randomValue(random, 1)],
  ];
  for (const [key, validValues, makeHostileValue] of optional) {
    if (random.next() < 0.3) body[key] = hostile && random.next() < 0.2 ? makeHostileValue() : random.pick(validValues);
  }
  return body;
}

function randomGeminiChunk(random: SeededRandom): GeminiResponse {
  const parts = Array.from({ length: random.int(4) }, () =>
    random.pick([
      { text: random.pick(STRINGS) },
      { text: 'thinking', thought: true, thoughtSignature: random.pick([undefined, 'S1', 'S2', '']) },
      { text: '', thoughtSignature: 'S3' },
      { functionCall: { name: random.pick(['f', 'apply_patch', 'ns__read', '']), args: random.pick([undefined, {}, { input: 'x' }, { deep: deepArray(50) }]) } },
      { functionCall: { name: 'f', id: 'call_1' }, thoughtSignature: 'S4' },
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      { executableCode: {} },
      randomValue(random, 3),
    ]),
  );
  const chunk = { candidates: [{ content: { role: 'model', parts }, finishReason: random.pick([undefined, 'STOP', 'MAX_TOKENS', 'SAFETY', 7]) }] };
  return random.pick([
    chunk,
    { ...chunk, usageMetadata: { promptTokenCount: random.pick([1, -1, Number.NaN]), candidatesTokenCount: 2, thoughtsTokenCount: 3 } },
    { promptFeedback: { blockReason: 'SAFETY' } },
    {},
    { candidates: [{}] },
    { candidates: [{ content: { parts: 'nope' } }] },
  ] as GeminiResponse[]);
}

describe('parseOpenAIResponsesRequest and convertOpenAIResponsesRequestToGemini on hostile bodies', () => {
  it('either succeed or throw GatewayError INVALID_REQUEST, for 2,000 random bodies', () => {
    const seed = 20_250_311;
    const random = createSeededRandom(seed);
    const outcomes = { parsed: 0, converted: 0, rejected: 0 };
    for (let index = 0; index < 2000; index += 1) {
      const body = randomBody(random);
      try {
        const parsed = parseOpenAIResponsesRequest(body);
        outcomes.parsed += 1;
        const converted = convertOpenAIResponsesRequestToGemini(parsed);
        // What goes upstream, and the settings echoed back, must serialise.
        expect(typeof JSON.stringify(converted.request)).toBe('string');
        expect(typeof JSON.stringify(converted.echo)).toBe('string');
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
    const parts = Array.from({ length: 200_000 }, (_, index) => ({ type: 'input_text', text: `p${index}` }));
    const body = {
      model: 'm',
      input: [
        { role: 'user', content: 'a' },
        { role: 'user', content: parts },
        { role: 'developer', content: parts },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: parts },
      ],
    };
    const converted = convertOpenAIResponsesRequestToGemini(parseOpenAIResponsesRequest(body));
    expect(converted.request.contents[0].parts).toHaveLength(200_001);
    expect(converted.request.systemInstruction?.parts).toHaveLength(200_000);
  });

  it('rejects call arguments nested too deep to send upstream', () => {
    const body = { model: 'm', input: [{ role: 'user', content: 'a' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: deepObject(20_000) }] };
    expect(() => convertOpenAIResponsesRequestToGemini(parseOpenAIResponsesRequest(body))).toThrow(
      new GatewayError('INVALID_REQUEST', 'input[1].arguments: nests deeper than 100 levels'),
    );
  });
});

describe('the Responses encoder and converter on hostile upstream chunks', () => {
  it('never throw, and always emit numbered, well-framed events, for 1,000 random streams', () => {
    const random = createSeededRandom(7);
    const catalog = new Map([
      ['apply_patch', { kind: 'custom' as const, name: 'apply_patch' }],
      ['ns__read', { kind: 'function' as const, name: 'read', namespace: 'ns' }],
    ]);
    const context = {
      id: 'resp_fuzz',
      model: 'm',
      createdAt: 0,
      catalog,
      echo: convertOpenAIResponsesRequestToGemini(parseOpenAIResponsesRequest({ model: 'm', input: 'x' })).echo,
    };
    for (let index = 0; index < 1000; index += 1) {
      const chunks = Array.from({ length: random.int(5) }, () => randomGeminiChunk(random));
      const encoder = buildOpenAIResponsesStreamEncoder(context);
      let wire = chunks.map((chunk) => encoder.push(chunk)).join('');
      wire += random.next() < 0.2 ? encoder.fail({ status: 502, kind: 'api_error', message: 'cut' }) : encoder.finish();
      const frames = wire.split('\n\n').filter((frame) => frame !== '');
      frames.forEach((frame, position) => {
        const [eventLine, dataLine] = frame.split('\n');
        const data = JSON.parse(dataLine.slice('data: '.length)) as { type: string; sequence_number: number };
        expect(eventLine).toBe(`event: ${data.type}`);
        expect(data.sequence_number).toBe(position);
      });
      expect(frames[0]).toMatch(/^event: response.created\n/);
      expect(frames.at(-1)).toMatch(/^event: response\.(completed|incomplete|failed)\n/);
      const merged = chunks.at(-1) ?? {};
      expect(typeof JSON.stringify(convertGeminiResponseToOpenAIResponses(merged, context))).toBe('string');
    }
  });
});
