import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, type SeededRandom } from '../support/create-seeded-random.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * 10,000 malformed or hostile request bodies (seeded, so a failure replays) against the five body-taking
 * protocol routes of a running gateway: the answer is a 4xx in the route's protocol (or a 200 for a body
 * that is weird but valid), never a 5xx, never a crash, never a polluted prototype; a valid request is
 * served afterwards.
 */

const MODEL = 'gemini-2.5-flash';
const TOTAL = 10_000;
const CONCURRENCY = 16;
const SEED = Number(process.env.HOSTILE_SEED ?? 0x5eed_a67);

type Protocol = 'openai' | 'anthropic' | 'gemini';

interface Endpoint {
  path: string;
  protocol: Protocol;
  stream: boolean;
  base: () => Record<string, unknown>;
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const openaiBase = (): Record<string, unknown> => ({
  model: MODEL,
  messages: [
    { role: 'system', content: 'be brief' },
    { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: 'result' },
    { role: 'user', content: 'go on' },
  ],
  tools: [{ type: 'function', function: { name: 'lookup', description: 'd', parameters: { type: 'object', properties: { q: { type: 'string', enum: ['x', 'y'] } }, required: ['q'] } } }],
  tool_choice: 'auto',
  temperature: 0.4,
  top_p: 0.9,
  max_tokens: 64,
  stop: ['STOP'],
  stream_options: { include_usage: true },
  response_format: { type: 'text' },
});

const anthropicBase = (): Record<string, unknown> => ({
  model: MODEL,
  max_tokens: 64,
  system: [{ type: 'text', text: 'be brief' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] },
    { role: 'assistant', content: [{ type: 'text', text: 'calling' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'result' }] }] },
  ],
  tools: [{ name: 'lookup', description: 'd', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }],
  tool_choice: { type: 'auto' },
  temperature: 0.4,
  stop_sequences: ['STOP'],
  metadata: { user_id: 'u-1' },
});

const geminiBase = (): Record<string, unknown> => ({
  contents: [
    { role: 'user', parts: [{ text: 'hi' }, { inlineData: { mimeType: 'image/png', data: PNG } }] },
    { role: 'model', parts: [{ functionCall: { name: 'lookup', args: { q: 'x' } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { result: 'r' } } }] },
  ],
  systemInstruction: { parts: [{ text: 'be brief' }] },
  tools: [{ functionDeclarations: [{ name: 'lookup', description: 'd', parameters: { type: 'OBJECT', properties: { q: { type: 'STRING' } }, required: ['q'] } }] }],
  toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
  generationConfig: { temperature: 0.4, maxOutputTokens: 64, stopSequences: ['STOP'], thinkingConfig: { thinkingBudget: 128 } },
  safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
});

const responsesBase = (): Record<string, unknown> => ({
  model: MODEL,
  instructions: 'be brief',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: `data:image/png;base64,${PNG}` }] },
    { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'r' },
  ],
  tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }],
  max_output_tokens: 64,
  reasoning: { effort: 'low' },
});

const ENDPOINTS: Endpoint[] = [
  { path: '/v1/chat/completions', protocol: 'openai', stream: false, base: openaiBase },
  { path: '/v1/responses', protocol: 'openai', stream: false, base: responsesBase },
  { path: '/v1/messages', protocol: 'anthropic', stream: false, base: anthropicBase },
  { path: '/v1/messages/count_tokens', protocol: 'anthropic', stream: false, base: () => { const body = anthropicBase(); delete body.max_tokens; return body; } },
  { path: `/v1beta/models/${MODEL}:generateContent`, protocol: 'gemini', stream: false, base: geminiBase },
  { path: `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, protocol: 'gemini', stream: true, base: geminiBase },
];

const UNICODE_GARBAGE = [
  '\u0000', '\ud800', '\udfff', '\ud83d', '\ufeff', '\u202e', '\u2028\u2029', '\uffff', '\ufffd', 'Z\u0351\u0360\u0361',
  '模型', '🦄🔥', '\u0007\u001b[31m', '\r\n\r\n', 'a\u0000b', '\\u0000', '%00', '${jndi:ldap://x}', '<script>', "'; DROP TABLE request_logs; --",
];

function randomUnicode(random: SeededRandom, length: number): string {
  let text = '';
  while (text.length < length) {
    const roll = random.next();
    if (roll < 0.4) text += random.pick(UNICODE_GARBAGE);
    else if (roll < 0.7) text += String.fromCharCode(random.int(0x10000));
    else text += String.fromCodePoint(random.int(0x10ffff));
  }
  return text;
}

function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function deepObject(depth: number, key = 'a'): string {
  return `${`{"${key}":`.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/** A value of a type that is (almost certainly) wrong where it lands. */
function wrongValue(random: SeededRandom): unknown {
  return random.pick<() => unknown>([
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -1,
    () => 1e308,
    () => -1e308,
    () => 2 ** 53 + 1,
    () => 0.5,
    () => '',
    () => 'x',
    () => randomUnicode(random, 1 + random.int(20)),
    () => [],
    () => [null],
    () => [1, 'two', { three: 3 }],
    () => ({}),
    () => ({ type: 'text' }),
    () => ({ role: 'user' }),
    () => ({ __proto__: { polluted: 'yes' } }),
    () => 'NaN',
    () => 'Infinity',
    () => '-0',
    () => '1e400',
    () => 'x'.repeat(1000 + random.int(20_000)),
  ])();
}

/** Every path (keys and indexes) to a value inside `value`. */
function collectPaths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((entry, index) => collectPaths(entry, [...prefix, index], out));
  else if (value !== null && typeof value === 'object') for (const [key, entry] of Object.entries(value)) collectPaths(entry, [...prefix, key], out);
  return out;
}

function setPath(root: Record<string, unknown>, path: Array<string | number>, value: unknown, remove = false): Record<string, unknown> | unknown {
  if (path.length === 0) return value;
  let cursor: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) {
    const inner = cursor[key];
    if (inner === null || typeof inner !== 'object') return root;
    cursor = inner as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (remove && !Array.isArray(cursor)) delete cursor[last];
  else cursor[last] = value;
  return root;
}

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];

/** Inserts a prototype-pollution key as raw JSON text (JSON.stringify would drop a real `__proto__`). */
function pollutionBody(random: SeededRandom, base: Record<string, unknown>): string {
  const payload = random.pick([
    '{"polluted":"yes","isAdmin":true}',
    '{"prototype":{"polluted":"yes"}}',
    '{"__proto__":{"polluted":"yes"}}',
    '"yes"',
    '[{"polluted":"yes"}]',
  ]);
  const key = random.pick(POLLUTION_KEYS);
  const text = JSON.stringify(base);
  // Insert after a random `{` so the key lands at a random level (top level, message, part, schema …).
  const braces: number[] = [];
  for (let index = 0; index < text.length; index++) if (text[index] === '{') braces.push(index);
  const at = random.pick(braces);
  return `${text.slice(0, at + 1)}"${key}":${payload},${text.slice(at + 1)}`;
}

interface HostileCase {
  category: string;
  endpoint: Endpoint;
  body: string | Buffer;
  contentType: string | null;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/jsonx',
  'image/png',
  '',
  null,
];

function buildCase(random: SeededRandom, index: number, bigBudget: { left: number }): HostileCase {
  const endpoint = ENDPOINTS[index % ENDPOINTS.length];
  const base = endpoint.base();
  const json = (value: unknown): HostileCase => ({ category, endpoint, body: JSON.stringify(value), contentType: 'application/json' });
  let category = random.pick([
    'invalid-json',
    'truncated-json',
    'wrong-types',
    'wrong-types',
    'wrong-types',
    'missing-fields',
    'deep-nesting',
    'prototype-pollution',
    'unicode-garbage',
    'wrong-content-type',
    'empty-body',
    'weird-but-valid',
    'huge-string',
  ]);
  if (category === 'huge-string' && bigBudget.left <= 0) category = 'wrong-types';

  switch (category) {
    case 'invalid-json': {
      const body = random.pick([
        '{',
        '}',
        '{"model":',
        "{'model':'x'}",
        '{"a":1,}',
        '[1,2,,3]',
        'NaN',
        'undefined',
        '{"a":undefined}',
        '{"a":0x10}',
        '{"a":01}',
        '{"a":"\\x41"}',
        '{"a":"unterminated}',
        '\u0000{}',
        '{} {}',
        '{"a":1}garbage',
        'null null',
        randomUnicode(random, 1 + random.int(200)),
        '{"messages":[{"role":"user","content":"hi"}]'.repeat(1 + random.int(5)),
      ]);
      return { category, endpoint, body, contentType: 'application/json' };
    }
    case 'truncated-json': {
      const text = JSON.stringify(base);
      return { category, endpoint, body: text.slice(0, 1 + random.int(text.length - 1)), contentType: 'application/json' };
    }
    case 'wrong-types': {
      let body: unknown = base;
      const mutations = 1 + random.int(3);
      for (let step = 0; step < mutations; step++) {
        if (body === null || typeof body !== 'object') break;
        const paths = collectPaths(body);
        body = setPath(body as Record<string, unknown>, random.pick(paths), wrongValue(random));
      }
      return json(body);
    }
    case 'missing-fields': {
      const paths = collectPaths(base).filter((path) => path.length > 0);
      let body = base;
      for (let step = 0; step < 1 + random.int(3); step++) {
        const candidates = collectPaths(body).filter((path) => path.length > 0);
        if (candidates.length === 0) break;
        body = setPath(body, random.pick(candidates.length > 0 ? candidates : paths), undefined, true) as Record<string, unknown>;
      }
      return json(body);
    }
    case 'deep-nesting': {
      const depth = random.pick([1_000, 5_000, 10_000, 10_000]);
      const deep = random.next() < 0.5 ? deepArray(depth) : deepObject(depth, random.pick(['a', 'type', 'properties', 'items', 'content', 'parts']));
      const paths = collectPaths(base);
      const path = random.pick(paths);
      const marker = '"__DEEP_MARKER__"';
      const withMarker = setPath(base, path, '__DEEP_MARKER__');
      const body = path.length === 0 ? deep : JSON.stringify(withMarker).replace(marker, deep);
      return { category, endpoint, body, contentType: 'application/json' };
    }
    case 'prototype-pollution':
      return { category, endpoint, body: pollutionBody(random, base), contentType: 'application/json' };
    case 'unicode-garbage': {
      if (random.next() < 0.3) {
        // Invalid UTF-8 bytes inside an otherwise valid JSON body.
        const text = JSON.stringify(base);
        const at = text.indexOf('hi');
        const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(text.slice(at))]);
        return { category, endpoint, body: bytes, contentType: 'application/json' };
      }
      let body = base;
      for (let step = 0; step < 1 + random.int(4); step++) {
        const paths = collectPaths(body).filter((path) => path.length > 0);
        body = setPath(body, random.pick(paths), randomUnicode(random, 1 + random.int(64))) as Record<string, unknown>;
      }
      if (random.next() < 0.3) (body as Record<string, unknown>)[randomUnicode(random, 4)] = randomUnicode(random, 8);
      return json(body);
    }
    case 'wrong-content-type': {
      const contentType = random.pick(CONTENT_TYPES);
      const body = random.pick([JSON.stringify(base), 'a=1&b=2', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--', '<xml/>', '\u0089PNG\r\n']);
      return { category, endpoint, body, contentType };
    }
    case 'empty-body':
      return { category, endpoint, body: random.pick(['', ' ', '\n', '\t\r\n']), contentType: random.pick(['application/json', null, 'text/plain']) };
    case 'weird-but-valid': {
      const body = base;
      const weird = random.pick<() => void>([
        () => { body.unknown_field = { nested: [1, 2, 3] }; },
        () => { body.model = random.pick(['models/gemini-2.5-flash', 'gemini-2.5-flash ', 'GEMINI-2.5-FLASH', 'claude-sonnet-4-5', 'gpt-4o', '模型', 'a\u0000b', 'm'.repeat(300)]); },
        () => { body.temperature = 2; body.top_p = 0; },
        () => { body.max_tokens = 1; body.maxOutputTokens = 1; },
        () => { body.stream = random.next() < 0.5; },
        () => { body.n = 1; body.seed = 42; body.user = 'u'; },
        () => { body.extra = randomUnicode(random, 32); },
      ]);
      weird();
      return json(body);
    }
    case 'huge-string': {
      bigBudget.left -= 1;
      const huge = 'x'.repeat(5 * 1024 * 1024 - random.int(1000));
      const paths = collectPaths(base).filter((path) => path.length > 0);
      return json(setPath(base, random.pick(paths), huge));
    }
    default:
      throw new Error(`unknown category ${category}`);
  }
}

/** The route's error shape (4xx) in its own protocol. */
function checkErrorShape(protocol: Protocol, status: number, body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'not a JSON object';
  const record = body as Record<string, unknown>;
  const error = record.error as Record<string, unknown> | undefined;
  if (protocol === 'openai') {
    if (!error || typeof error.message !== 'string' || typeof error.type !== 'string') return 'not an OpenAI error';
  } else if (protocol === 'anthropic') {
    if (record.type !== 'error' || !error || typeof error.type !== 'string' || typeof error.message !== 'string') return 'not an Anthropic error';
  } else if (!error || error.code !== status || typeof error.status !== 'string' || typeof error.message !== 'string') {
    return 'not a Gemini error';
  }
  return null;
}

/** A 200 stream must not carry an error event (that would be a 5xx in disguise). */
function streamError(text: string): boolean {
  return /^event: error$/m.test(text) || /^data: \{"error"/m.test(text) || /^data: \{"type":"error"/m.test(text);
}

describe('hostile request bodies', () => {
  let test: TestGateway;
  let pool: Pool;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    test = await startTestGateway({ accounts: 2 });
    pool = new Pool(test.baseUrl, { connections: CONCURRENCY, keepAliveTimeout: 30_000, bodyTimeout: 60_000, headersTimeout: 60_000 });
  });

  afterAll(async () => {
    await pool?.close();
    await test?.close();
  });

  /** Sends each body and checks: below 500, a 4xx in the protocol's shape, no error event in a 200, a valid header. */
  async function expectNo5xx(targeted: Array<{ path: string; protocol: Protocol; body: string }>): Promise<void> {
    for (const { path, protocol, body } of targeted) {
      const response = await pool.request({ path, method: 'POST', headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' }, body });
      const text = await response.body.text();
      const label = `${path} ${body.slice(0, 120)}`;
      expect(response.statusCode, `${label} → ${text.slice(0, 300)}`).toBeLessThan(500);
      if (response.statusCode >= 400) expect(checkErrorShape(protocol, response.statusCode, JSON.parse(text)), label).toBeNull();
      else expect(streamError(text), label).toBe(false);
      const mapped = response.headers['x-agt-mapped-model'];
      if (typeof mapped === 'string') expect(mapped).toMatch(/^[\x20-\x7e]{0,256}$/);
    }
  }

  it('targeted: deep nesting in places the protocol parsers accept is a 400, not a stack overflow 500', { timeout: 60_000 }, async () => {
    const deep = deepObject(10_000);
    await expectNo5xx([
      { path: `/v1beta/models/${MODEL}:generateContent`, protocol: 'gemini', body: `{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":${deep}}}]}]}` },
      { path: `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, protocol: 'gemini', body: `{"contents":[{"role":"user","parts":[{"text":"hi","extra":${deep}}]}]}` },
      { path: '/v1/messages', protocol: 'anthropic', body: `{"model":"${MODEL}","max_tokens":8,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":${deep}}]},{"role":"user","content":"go"}]}` },
      { path: '/v1/messages/count_tokens', protocol: 'anthropic', body: `{"model":"${MODEL}","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":${deep}}]}]}` },
      { path: '/v1/chat/completions', protocol: 'openai', body: `{"model":"${MODEL}","messages":[{"role":"user","content":"hi"}],"metadata":${deep}}` },
      { path: '/v1/chat/completions', protocol: 'openai', body: deepArray(100_000) },
    ]);
  });

  it('targeted: model names that cannot go into a header verbatim (control characters, CJK, CR/LF, 5 MB) never cause a 5xx', { timeout: 60_000 }, async () => {
    const targeted: Array<{ path: string; protocol: Protocol; body: string }> = [];
    for (const model of ['模型', 'a\\u0000b', 'x\\r\\nSet-Cookie: a=b', '\\ud800', 'm'.repeat(5 * 1024 * 1024)]) {
      for (const stream of [false, true]) {
        targeted.push({ path: '/v1/chat/completions', protocol: 'openai', body: `{"model":"${model}","stream":${stream},"messages":[{"role":"user","content":"hi"}]}` });
        targeted.push({ path: '/v1/messages', protocol: 'anthropic', body: `{"model":"${model}","stream":${stream},"max_tokens":8,"messages":[{"role":"user","content":"hi"}]}` });
      }
    }
    await expectNo5xx(targeted);
  });

  it(`${TOTAL} hostile bodies: only 4xx (or 200 for valid ones) in the right protocol, never 5xx, the server keeps serving`, { timeout: 180_000 }, async () => {
    const random = createSeededRandom(SEED);
    const bigBudget = { left: 5 };
    const cases = Array.from({ length: TOTAL }, (_, index) => buildCase(random, index, bigBudget));
    const statusByCategory = new Map<string, Map<number, number>>();
    const problems: string[] = [];
    let okResponses = 0;
    let next = 0;
    const startedAt = Date.now();

    const runOne = async (hostile: HostileCase, index: number): Promise<void> => {
      const headers: Record<string, string> = { authorization: `Bearer ${test.apiKey}` };
      if (hostile.contentType !== null) headers['content-type'] = hostile.contentType;
      let status: number;
      let text: string;
      try {
        const response = await pool.request({ path: hostile.endpoint.path, method: 'POST', headers, body: hostile.body });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        problems.push(`#${index} ${hostile.category} ${hostile.endpoint.path}: transport error ${(error as Error).message}`);
        return;
      }
      const counts = statusByCategory.get(hostile.category) ?? new Map<number, number>();
      counts.set(status, (counts.get(status) ?? 0) + 1);
      statusByCategory.set(hostile.category, counts);
      const sample = typeof hostile.body === 'string' ? hostile.body.slice(0, 160) : `<${hostile.body.length} bytes>`;
      if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
        problems.push(`#${index} ${hostile.category} ${hostile.endpoint.path}: status ${status}: ${text.slice(0, 300)} ← ${sample}`);
        return;
      }
      if (status === 200) {
        okResponses++;
        if (streamError(text)) problems.push(`#${index} ${hostile.category} ${hostile.endpoint.path}: 200 with an error event: ${text.slice(0, 300)} ← ${sample}`);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`#${index} ${hostile.category} ${hostile.endpoint.path}: ${status} body is not JSON: ${text.slice(0, 200)}`);
        return;
      }
      const shapeProblem = checkErrorShape(hostile.endpoint.protocol, status, body);
      if (shapeProblem) problems.push(`#${index} ${hostile.category} ${hostile.endpoint.path}: ${status} ${shapeProblem}: ${text.slice(0, 200)}`);
    };

    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const index = next++;
          if (index >= cases.length) return;
          await runOne(cases[index], index);
        }
      }),
    );
    const elapsedMs = Date.now() - startedAt;

    const summary = Object.fromEntries([...statusByCategory].map(([category, counts]) => [category, Object.fromEntries(counts)]));
    console.log(`hostile bodies: ${TOTAL} in ${elapsedMs} ms, ${okResponses} answered 200`, JSON.stringify(summary));
    expect(problems.slice(0, 30)).toEqual([]);
    expect([...statusByCategory.values()].reduce((sum, counts) => sum + [...counts.values()].reduce((a, b) => a + b, 0), 0)).toBe(TOTAL);

    // No pollution reached the process.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

    // Still serving.
    const health = await pool.request({ path: '/healthz', method: 'GET', headers: { authorization: `Bearer ${test.apiKey}` } });
    expect(health.statusCode).toBe(200);
    await health.body.text();
    const valid = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'still alive?' }] }),
    });
    expect(valid.statusCode).toBe(200);
    expect(((await valid.body.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('Echo: still alive?');
  });
});
