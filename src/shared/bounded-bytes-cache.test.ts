import { describe, expect, it } from 'vitest';
import { BoundedBytesCache } from './bounded-bytes-cache.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('BoundedBytesCache', () => {
  it('finds a value by equal bytes, also from another buffer or a slice of one, and keeps its own copy of the key', () => {
    const cache = new BoundedBytesCache<number>(10, 1_000);
    const source = bytes('{"role":"user","content":"hello"}');
    cache.set(source, 1);
    source.fill(0x20);
    expect(cache.get(bytes('{"role":"user","content":"hello"}'))).toBe(1);
    expect(cache.get(bytes('xx{"role":"user","content":"hello"}yy').subarray(2, 35))).toBe(1);
    expect(cache.get(source)).toBeUndefined();
  });

  it('tells apart keys of the same length with the same first and last bytes', () => {
    const cache = new BoundedBytesCache<string>(10, 10_000);
    const head = 'h'.repeat(30);
    const tail = 't'.repeat(30);
    cache.set(bytes(`${head}A${tail}`), 'a');
    cache.set(bytes(`${head}B${tail}`), 'b');
    expect([cache.get(bytes(`${head}A${tail}`)), cache.get(bytes(`${head}B${tail}`)), cache.get(bytes(`${head}C${tail}`))]).toEqual(['a', 'b', undefined]);
    expect(cache.size).toBe(2);
  });

  it('drops the least recently used entries past its bounds, and never keeps a key longer than the byte bound', () => {
    const cache = new BoundedBytesCache<number>(2, 12);
    cache.set(bytes('aaaa'), 1);
    cache.set(bytes('bbbb'), 2);
    expect(cache.get(bytes('aaaa'))).toBe(1);
    cache.set(bytes('cccc'), 3);
    expect([cache.get(bytes('aaaa')), cache.get(bytes('bbbb')), cache.get(bytes('cccc'))]).toEqual([1, undefined, 3]);
    cache.set(bytes('d'.repeat(13)), 4);
    expect(cache.get(bytes('d'.repeat(13)))).toBeUndefined();
    cache.set(bytes('eeeeeeee'), 5);
    expect(cache.size).toBe(2);
    expect([cache.get(bytes('aaaa')), cache.get(bytes('cccc')), cache.get(bytes('eeeeeeee'))]).toEqual([undefined, 3, 5]);
    cache.set(bytes('ffffffff'), 6);
    expect([cache.get(bytes('cccc')), cache.get(bytes('eeeeeeee')), cache.get(bytes('ffffffff'))]).toEqual([undefined, undefined, 6]);
  });
});

describe('BoundedBytesCache.findAt', () => {
  const entry = (label: string) => bytes(JSON.stringify({ role: 'user', content: `${label} ${'x'.repeat(80)}` }));

  it('finds a kept key where it starts inside a larger buffer, and says where it ends', () => {
    const cache = new BoundedBytesCache<string>(10, 10_000, 16);
    cache.set(entry('one'), 'one');
    cache.set(entry('two'), 'two');
    const body = Buffer.concat([bytes('{"messages":['), entry('one'), bytes(','), entry('two'), bytes(']}')]);
    const first = cache.findAt(body, 13);
    expect(first).toEqual({ value: 'one', end: 13 + entry('one').length });
    expect(cache.findAt(body, first!.end + 1)).toEqual({ value: 'two', end: body.length - 2 });
    expect(cache.findAt(body, 14)).toBeUndefined();
  });

  it('does not find a key whose bytes go on past the end of the buffer, nor one that differs after its prefix', () => {
    const cache = new BoundedBytesCache<string>(10, 10_000, 16);
    const kept = entry('one');
    cache.set(kept, 'one');
    expect(cache.findAt(kept.subarray(0, kept.length - 1), 0)).toBeUndefined();
    const changed = Buffer.from(kept);
    changed[changed.length - 3] = 0x79;
    expect(cache.findAt(changed, 0)).toBeUndefined();
  });

  it('finds by their start only keys at least as long as the prefix; shorter ones by their whole bytes', () => {
    const cache = new BoundedBytesCache<string>(10, 10_000, 64);
    cache.set(bytes('{"short":true}'), 'short');
    expect(cache.findAt(bytes('{"short":true},{"short":true}'), 0)).toBeUndefined();
    expect(cache.get(bytes('{"short":true}'))).toBe('short');
  });

  it('keeps at most 16 keys with the same prefix, dropping the oldest of them', () => {
    const cache = new BoundedBytesCache<number>(100, 100_000, 8);
    const sameStart = (index: number) => bytes(`{"same":"${index}"}`.padEnd(40, ' '));
    for (let index = 0; index < 17; index++) cache.set(sameStart(index), index);
    expect(cache.size).toBe(16);
    expect(cache.findAt(sameStart(0), 0)).toBeUndefined();
    expect(cache.findAt(sameStart(16), 0)?.value).toBe(16);
    expect(cache.get(sameStart(1))).toBe(1);
  });
});
