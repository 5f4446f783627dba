import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonBody } from './parse-json-body.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseJsonBody', () => {
  it('parses a tool list once: the same bytes give the same frozen list, the rest of each body its own values', () => {
    const tools = [{ name: 'read_file', description: 'Reads a file — any file 📄', input_schema: { type: 'object' } }];
    const first = parseJsonBody(bytes(JSON.stringify({ model: 'a', tools, messages: [{ content: 'é' }] })));
    const secondText = JSON.stringify({ model: 'b', tools, messages: [{ content: 'ü 日本' }] });
    const second = parseJsonBody(bytes(secondText));
    expect(second.value).toEqual(JSON.parse(secondText));
    expect((second.value as { tools: unknown }).tools).toBe((first.value as { tools: unknown }).tools);
    expect(Object.isFrozen((first.value as { tools: unknown[] }).tools[0])).toBe(true);
    expect(second.toolListKey).toBe(first.toolListKey);
    expect(first.toolListKey).toMatch(/^tools#\d+$/);
  });

  it('names each distinct tool list with its own key, and gives none for a list that is not kept', () => {
    const key = (tools: unknown) => parseJsonBody(bytes(JSON.stringify({ tools }))).toolListKey;
    const [a, b] = [[{ name: 'a' }], [{ name: 'b', description: 'x'.repeat(200) }]];
    expect(key(a)).not.toBe(key(b));
    expect([key(a), key(b)]).toEqual([key(a), key(b)]);
    expect(key({ name: 'not a list' })).toBeUndefined();
    expect(key([{ description: 'y'.repeat(300 * 1024) }])).toBeUndefined();
  });

  it('gives the same values as JSON.parse when most of the text is not ASCII (decoded whole), with a known list too', () => {
    const tools = [{ name: 'translate', description: '日本語のテキストを翻訳します。'.repeat(3) }];
    for (const content of ['日本語'.repeat(50), '中文'.repeat(40)]) {
      const text = JSON.stringify({ messages: [{ content }], tools, after: '終わり' });
      expect(parseJsonBody(bytes(text)).value).toEqual(JSON.parse(text));
    }
  });

  it('reports a syntax error at its position in the body as sent, also when a known list was left out of the parse', () => {
    const tools = [{ name: 'x' }];
    parseJsonBody(bytes(JSON.stringify({ tools })));
    const broken = `{"tools":${JSON.stringify(tools)},"é":1,}`;
    let expected = '';
    try {
      JSON.parse(broken);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(() => parseJsonBody(bytes(broken))).toThrow(`Invalid JSON body: ${expected}`);
  });

  it('refuses a body nested deeper than the limit with a 400, and reads an empty body as no body', () => {
    const deep = `{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expect(() => parseJsonBody(bytes(deep))).toThrow(expect.objectContaining({ statusCode: 400 }));
    expect(parseJsonBody(bytes('  \n'))).toEqual({ value: undefined });
  });

  it('keys only a top-level array: a tools object or a nested tools list is parsed as it is', () => {
    expect(parseJsonBody(bytes('{"tools":{"a":1}}'))).toEqual({ value: { tools: { a: 1 } } });
    expect(parseJsonBody(bytes('{"x":{"tools":[1]}}'))).toEqual({ value: { x: { tools: [1] } } });
  });
});

describe('parseJsonBody: conversation entries', () => {
  const long = (label: string) => `${label} ${'lorem ipsum — dolor sit amet '.repeat(30)}`;

  it('sets entries parsed before into the body, and parses the new ones, in order and in place', () => {
    const history = [
      { role: 'user', content: long('first') },
      { role: 'assistant', content: [{ type: 'text', text: long('second') }] },
      { role: 'user', content: 'short, parsed every time' },
    ];
    const first = parseJsonBody(bytes(JSON.stringify({ model: 'm', messages: history }))).value as { messages: unknown[] };
    const nextText = JSON.stringify({ model: 'm', messages: [...history, 'a string entry', { role: 'user', content: long('third ü') }] });
    const next = parseJsonBody(bytes(nextText)).value as { messages: unknown[] };
    expect(next).toEqual(JSON.parse(nextText));
    expect(next.messages[0]).toBe(first.messages[0]);
    expect(next.messages[1]).toBe(first.messages[1]);
    expect(next.messages[2]).not.toBe(first.messages[2]);
    expect(Object.isFrozen(next.messages[1])).toBe(true);
  });

  it('reads Responses `input` and Gemini `contents` the same way, and leaves a string `input` alone', () => {
    const item = { type: 'message', role: 'user', content: [{ type: 'input_text', text: long('item') }] };
    for (const member of ['input', 'contents']) {
      const text = JSON.stringify({ [member]: [item, item] });
      parseJsonBody(bytes(text));
      const again = parseJsonBody(bytes(text)).value as Record<string, unknown[]>;
      expect(again).toEqual(JSON.parse(text));
      expect(again[member][0]).toBe(again[member][1]);
    }
    expect(parseJsonBody(bytes(JSON.stringify({ input: long('plain') }))).value).toEqual({ input: long('plain') });
  });
});

describe('parseJsonBody: system prompts', () => {
  const long = (label: string) => `${label} ${'you are a coding agent — be brief '.repeat(30)}`;

  it('keeps an Anthropic `system` array and a Gemini `systemInstruction` in either spelling whole, frozen, by their bytes', () => {
    for (const member of ['system', 'systemInstruction', 'system_instruction']) {
      const system = member === 'system' ? [{ type: 'text', text: long(member) }] : { parts: [{ text: long(member) }] };
      const first = parseJsonBody(bytes(JSON.stringify({ [member]: system, messages: [{ role: 'user', content: 'one' }] }))).value as Record<string, unknown>;
      const nextText = JSON.stringify({ messages: [{ role: 'user', content: 'two' }], [member]: system });
      const next = parseJsonBody(bytes(nextText)).value as Record<string, unknown>;
      expect(next).toEqual(JSON.parse(nextText));
      expect(next[member]).toBe(first[member]);
      expect(Object.isFrozen(next[member])).toBe(true);
    }
  });

  it('parses a string system prompt, a short one and one of another member every time', () => {
    const text = JSON.stringify({ system: long('string'), instructions: [long('not a system member')] });
    const first = parseJsonBody(bytes(text)).value as Record<string, unknown>;
    const second = parseJsonBody(bytes(text)).value as Record<string, unknown>;
    expect(second).toEqual(JSON.parse(text));
    expect(second.instructions).not.toBe(first.instructions);
    const short = JSON.stringify({ system: [{ type: 'text', text: 'short' }] });
    parseJsonBody(bytes(short));
    expect(Object.isFrozen((parseJsonBody(bytes(short)).value as Record<string, unknown>).system)).toBe(false);
  });

  it('keeps the last value of a system prompt written twice', () => {
    const system = [{ type: 'text', text: long('twice') }];
    parseJsonBody(bytes(JSON.stringify({ system })));
    for (const text of [
      `{"system":${JSON.stringify(system)},"system":"plain"}`,
      `{"system":${JSON.stringify(system)},"system":[{"type":"text","text":"${long('other')}"}]}`,
      `{"system":"plain","system":${JSON.stringify(system)}}`,
    ]) {
      expect(parseJsonBody(bytes(text)).value).toEqual(JSON.parse(text));
      expect(parseJsonBody(bytes(text)).value).toEqual(JSON.parse(text));
    }
  });
});

describe('parseJsonBody: what is not kept', () => {
  it('parses an entry longer than 256 KiB every time (a pasted document is not kept)', () => {
    const text = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(300 * 1024) }] });
    const first = parseJsonBody(bytes(text)).value as { messages: unknown[] };
    const second = parseJsonBody(bytes(text)).value as { messages: unknown[] };
    expect(second).toEqual(first);
    expect(second.messages[0]).not.toBe(first.messages[0]);
    expect(Object.isFrozen(first.messages[0])).toBe(false);
  });
});

describe('parseJsonBody: kept values found by the scan', () => {
  const long = (label: string) => `${label} ${'consectetur adipiscing — elit '.repeat(20)}`;

  it('still refuses what JSON.parse refuses after a kept entry, at its position in the body as sent', () => {
    const entry = { role: 'user', content: long('kept') };
    parseJsonBody(bytes(JSON.stringify({ messages: [entry] })));
    const broken = `{"messages":[${JSON.stringify(entry)} oops]}`;
    expect(() => parseJsonBody(bytes(broken))).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringContaining('Invalid JSON body') }) as Error);
    const trailing = `{"messages":[${JSON.stringify(entry)}]}x`;
    expect(() => parseJsonBody(bytes(trailing))).toThrow(expect.objectContaining({ statusCode: 400 }) as Error);
  });

  it('counts the nesting around kept entries: a body too deep elsewhere is refused', () => {
    const entry = { role: 'user', content: long('deep') };
    parseJsonBody(bytes(JSON.stringify({ messages: [entry] })));
    const deep = `{"messages":[${JSON.stringify(entry)},${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}]}`;
    expect(() => parseJsonBody(bytes(deep))).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringContaining('nested deeper') }) as Error);
  });

  it('finds a kept entry at another index and in another member, and a kept short tool list by its bytes', () => {
    const entry = { role: 'user', content: long('moved') };
    const tools = [{ name: 'x' }];
    const first = parseJsonBody(bytes(JSON.stringify({ tools, messages: [entry] }))).value as { messages: unknown[]; tools: unknown };
    const moved = parseJsonBody(bytes(JSON.stringify({ tools, input: [{ role: 'user', content: 'new' }, entry] }))).value as { input: unknown[]; tools: unknown };
    expect(moved.input[1]).toBe(first.messages[0]);
    expect(moved.tools).toBe(first.tools);
  });
});

describe('parseJsonBody: names JSON.parse reads otherwise than the scan', () => {
  const long = (label: string) => `${label} ${'ünïcödé text — with accents '.repeat(20)}`;

  it('keeps the last value of a name written twice, even when the first was a kept list or entry', () => {
    const tools = [{ name: 'read', description: long('tool') }];
    const entry = { role: 'user', content: long('entry') };
    parseJsonBody(bytes(JSON.stringify({ tools, messages: [entry] })));
    const toolsTwice = `{"tools":${JSON.stringify(tools)},"messages":[${JSON.stringify(entry)}],"tools":5}`;
    expect(parseJsonBody(bytes(toolsTwice)).value).toEqual(JSON.parse(toolsTwice));
    const messagesTwice = `{"messages":[${JSON.stringify(entry)}],"messages":"plain"}`;
    expect(parseJsonBody(bytes(messagesTwice)).value).toEqual(JSON.parse(messagesTwice));
  });

  it('reads kept entries as sent when a later key written with escapes spells a captured name', () => {
    const entry = { role: 'user', content: long('escaped') };
    parseJsonBody(bytes(JSON.stringify({ messages: [entry] })));
    const text = `{"model":"m","messag\\u0065s":[{"role":"user","content":"decoy"}],"messages":[${JSON.stringify(entry)}]}`;
    expect(parseJsonBody(bytes(text)).value).toEqual(JSON.parse(text));
    const reversed = `{"messages":[${JSON.stringify(entry)}],"messag\\u0065s":[{"role":"user","content":"decoy"}]}`;
    expect(parseJsonBody(bytes(reversed)).value).toEqual(JSON.parse(reversed));
  });
});
