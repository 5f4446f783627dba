import { describe, expect, it } from 'vitest';
import { encodeJsonUtf8 } from './encode-json-utf8.js';

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

  it('refuses what has no JSON form, as JSON.stringify gives undefined', () => {
    expect(() => encodeJsonUtf8(undefined)).toThrow(TypeError);
  });
});
