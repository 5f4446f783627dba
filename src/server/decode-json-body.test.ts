import { describe, expect, it } from 'vitest';
import { decodeJsonBody } from './decode-json-body.js';

const depthOf = (text: string, stopAbove?: number) => decodeJsonBody(Buffer.from(text, 'utf8'), stopAbove).depth;

describe('decodeJsonBody: depth', () => {
  it('counts nested arrays and objects', () => {
    expect(depthOf('1')).toBe(0);
    expect(depthOf('"text"')).toBe(0);
    expect(depthOf('{}')).toBe(1);
    expect(depthOf('{"a":[1,{"b":[]}],"c":{}}')).toBe(4);
    expect(depthOf('[[[]],[[[]]]]')).toBe(4);
  });

  it('ignores brackets inside strings, escaped quotes and multi-byte characters included', () => {
    expect(depthOf('{"a":"[[[{{{"}')).toBe(1);
    expect(depthOf('{"a":"\\"[[[","b":"\\\\"}')).toBe(1);
    expect(depthOf('["\\\\",[["]]]]"]]]')).toBe(3);
    expect(depthOf('{"a":"日本[[[🤖{{{","b":["é"]}')).toBe(2);
  });

  it('stops as soon as the limit is passed, and then decodes nothing', () => {
    const hostile = decodeJsonBody(Buffer.from('['.repeat(1_000_000)), 500);
    expect(hostile.depth).toBe(501);
    expect(hostile.text).toBe('');
    expect(depthOf(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toBe(10_000);
  });

  it('measures invalid JSON as far as it goes', () => {
    expect(depthOf('{"a":[')).toBe(2);
    expect(depthOf(']]]{')).toBe(0);
    expect(depthOf('"unterminated [[[')).toBe(0);
  });
});

describe('decodeJsonBody: text', () => {
  it('gives ASCII bodies back as they are', () => {
    const body = '{"model":"m","messages":[{"role":"user","content":"hi \\"there\\" \\\\ \\u00e9"}]}';
    expect(decodeJsonBody(Buffer.from(body))).toEqual({ text: body, depth: 3, exact: true });
  });

  it('writes a few non-ASCII characters inside strings as escapes that parse to the same value', () => {
    const value = { system: 'Tools — use them ≥ once 🤖…', tools: [{ name: 'x', description: 'A × B ▸ c', input_schema: { type: 'object' } }], pad: 'a'.repeat(2000) };
    const decoded = decodeJsonBody(Buffer.from(JSON.stringify(value)));
    expect(decoded.exact).toBe(false);
    expect(decoded.text).toMatch(/^[ -~]*$/);
    expect(decoded.text).toContain('\\u2014');
    expect(decoded.text).toContain('\\ud83e\\udd16');
    expect(JSON.parse(decoded.text)).toEqual(value);
  });

  it('decodes invalid UTF-8 inside strings to the same replacement characters as toString', () => {
    const bytes = Buffer.concat([Buffer.from(`{"a":"${'x'.repeat(500)}`), Buffer.from([0xe6, 0x97, 0x41, 0xff, 0xed, 0xa0, 0x80, 0xc3]), Buffer.from('"}')]);
    const decoded = decodeJsonBody(bytes);
    expect(JSON.parse(decoded.text)).toEqual(JSON.parse(bytes.toString('utf8')));
  });

  it('decodes exactly when escapes would not be equivalent: non-ASCII outside strings, or after a backslash', () => {
    for (const body of ['\ufeff{"a":1}', '{"a":1} é', `{"a":"\\é${'x'.repeat(300)}"}`]) {
      const decoded = decodeJsonBody(Buffer.from(body));
      expect(decoded.exact).toBe(true);
      expect(decoded.text).toBe(body);
    }
  });

  it('decodes mostly non-ASCII text exactly (escapes would make it longer)', () => {
    const body = JSON.stringify({ content: '日本語のテキスト、🤖絵文字も。'.repeat(2000) });
    const decoded = decodeJsonBody(Buffer.from(body));
    expect(decoded).toEqual({ text: body, depth: 1, exact: true });
  });
});

describe('decodeJsonBody: captured members', () => {
  const capture = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const found = decodeJsonBody(bytes, { captureMembers: ['tools'] }).members?.tools;
    return found === undefined ? undefined : bytes.toString('utf8', found.start, found.end);
  };

  it('locates the bytes of the top-level value JSON.parse keeps for a captured name', () => {
    expect(capture('{"model":"m","tools":[{"name":"a","s":"]["}],"stream":true}')).toBe('[{"name":"a","s":"]["}]');
    expect(capture('{"tools" : {"a":[1]} }')).toBe('{"a":[1]}');
    expect(capture('{"tools":[1],"x":{"tools":[2]},"tools":[3]}')).toBe('[3]');
    expect(capture('{"a":"tools","b":[1]}')).toBeUndefined();
    expect(capture('{"tools":"[1]"}')).toBeUndefined();
    expect(capture('{"x":{"tools":[1]}}')).toBeUndefined();
    expect(capture('["tools",[1]]')).toBeUndefined();
    expect(capture('{"tools":[{"d":"日本 é"}]}')).toBe('[{"d":"日本 é"}]');
  });

  it('captures nothing when a top-level key is written with escapes, which JSON.parse may read as a captured name', () => {
    const text = '{"tools":[1],"too\\u006cs":[2]}';
    expect((JSON.parse(text) as { tools: number[] }).tools).toEqual([2]);
    expect(capture(text)).toBeUndefined();
    expect(capture('{"a\\"b":1,"tools":[1]}')).toBeUndefined();
  });

  it('captures nothing when no name is asked for', () => {
    expect(decodeJsonBody(Buffer.from('{"tools":[1]}')).members).toBeUndefined();
  });
});

describe('decodeJsonBody: elements of a captured array', () => {
  it('lists the object and array elements with their index in the array, primitives counted but not listed', () => {
    const text = '{"messages":[{"a":"x,y"},"text",[1,2],3,{"b":{"c":[]}}],"n":1}';
    const bytes = Buffer.from(text);
    const member = decodeJsonBody(bytes, { captureMembers: ['messages'] }).members?.messages;
    const listed: [number, string][] = [];
    for (let offset = 0; offset < (member?.elements ?? []).length; offset += 3) {
      const [index, start, end] = member!.elements!.slice(offset, offset + 3);
      listed.push([index, bytes.toString('utf8', start, end)]);
    }
    expect(listed).toEqual([
      [0, '{"a":"x,y"}'],
      [2, '[1,2]'],
      [4, '{"b":{"c":[]}}'],
    ]);
    expect(decodeJsonBody(Buffer.from('{"messages":{"a":[1]}}'), { captureMembers: ['messages'] }).members?.messages?.elements).toBeUndefined();
  });
});
