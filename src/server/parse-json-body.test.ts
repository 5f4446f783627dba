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
    expect(second.toolsSource).toBe(Buffer.from(JSON.stringify(tools)).toString('latin1'));
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
