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
