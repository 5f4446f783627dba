import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deep-freeze.js';
import { encodeJsonUtf8, rememberJsonBytes } from './encode-json-utf8.js';

describe('encodeJsonUtf8', () => {
  it('gives the bytes of JSON.stringify for nested requests', () => {
    const values: unknown[] = [
      { contents: [{ role: 'user', parts: [{ text: 'hi — 🤖' }, { functionCall: { name: 'f', args: { a: [1, { b: [[['deep']]] }] } } }] }], tools: [{ functionDeclarations: [] }] },
      [1, 'two', null, true, { x: [] }, []],
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1, e: [undefined, () => 1, Symbol('t')] },
      { a: undefined },
      { when: new Date(0), custom: { toJSON: () => ({ replaced: true }) }, skipped: { toJSON: () => undefined }, boxed: new String('s') },
      Object.assign(Object.create(null) as object, { z: 1, a: 2, 10: 3, 2: 4 }),
      'text',
      42,
      null,
    ];
    for (const value of values) expect(encodeJsonUtf8(value).toString('utf8')).toBe(JSON.stringify(value));
  });

  it('gives the bytes of JSON.stringify around the size where it stops splitting small values', () => {
    const text = (length: number) => 'é—'.repeat(Math.ceil(length / 2)).slice(0, length);
    const values: unknown[] = [];
    for (const length of [0, 1, 16 * 1024 - 40, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 200_000]) {
      values.push({ contents: [{ role: 'user', parts: [{ text: text(length) }] }], generationConfig: { temperature: 0.5, stop: [] } });
    }
    for (const count of [10, 509, 510, 511, 512, 513, 2_000]) values.push({ parts: Array.from({ length: count }, (_, index) => (index % 3 === 0 ? index : index % 3 === 1 ? null : true)) });
    values.push({ many: Array.from({ length: 100 }, (_, index) => ({ [`key ${index} ${text(300)}`]: [index, 'x'] })) });
    values.push({ fn: () => 1, missing: undefined, list: [undefined, Symbol('s')], flag: true });
    for (const value of values) expect(encodeJsonUtf8(value).toString('utf8')).toBe(JSON.stringify(value));
  });

  it('throws on a cycle as JSON.stringify does, small or large', () => {
    const small: Record<string, unknown> = { a: 1 };
    small.self = small;
    expect(() => encodeJsonUtf8(small)).toThrow(TypeError);
    const large: Record<string, unknown> = { text: 'x'.repeat(20_000) };
    large.self = { inner: large };
    expect(() => encodeJsonUtf8(large)).toThrow(TypeError);
  });

  it('refuses what has no JSON form, as JSON.stringify gives undefined', () => {
    expect(() => encodeJsonUtf8(undefined)).toThrow(TypeError);
  });
});

describe('rememberJsonBytes', () => {
  it('splices the bytes of a remembered value wherever it appears, giving the bytes of JSON.stringify', () => {
    const declarations = deepFreeze([{ name: 'read — file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }]);
    rememberJsonBytes(declarations);
    const request = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], tools: [{ functionDeclarations: declarations }, { googleSearch: {} }] };
    expect(encodeJsonUtf8(request).toString('utf8')).toBe(JSON.stringify(request));
    expect(encodeJsonUtf8(declarations).toString('utf8')).toBe(JSON.stringify(declarations));
    // Deep in a request, below the levels split member by member, the value is serialized with the rest.
    const deep = { a: { b: { c: { d: { e: declarations } } } } };
    expect(encodeJsonUtf8(deep).toString('utf8')).toBe(JSON.stringify(deep));
  });

  it('hands out copies: changing the bytes returned does not change the remembered ones', () => {
    const value = deepFreeze({ a: 'b' });
    rememberJsonBytes(value);
    encodeJsonUtf8(value).fill(0x20);
    expect(encodeJsonUtf8(value).toString('utf8')).toBe('{"a":"b"}');
  });

  it('refuses a value that is not frozen, since its bytes could go stale', () => {
    expect(() => rememberJsonBytes({ a: 1 })).toThrow(TypeError);
  });
});
