import { describe, expect, it } from 'vitest';
import { BoundedTextCache } from './bounded-text-cache.js';

describe('BoundedTextCache', () => {
  it('drops the least recently used entry past its number of entries', () => {
    const cache = new BoundedTextCache<number>(2, 1_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('drops the oldest entries past the characters its keys may hold, and never keeps a key longer than that', () => {
    const cache = new BoundedTextCache<string>(100, 10);
    cache.set('aaaa', 'a');
    cache.set('bbbb', 'b');
    cache.set('cccc', 'c');
    expect(cache.get('aaaa')).toBeUndefined();
    expect([cache.get('bbbb'), cache.get('cccc')]).toEqual(['b', 'c']);
    cache.set('x'.repeat(11), 'too long');
    expect(cache.get('x'.repeat(11))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('replaces the value of a key set again without counting its characters twice', () => {
    const cache = new BoundedTextCache<number>(10, 8);
    cache.set('abcd', 1);
    cache.set('abcd', 2);
    cache.set('efgh', 3);
    expect([cache.get('abcd'), cache.get('efgh')]).toEqual([2, 3]);
  });
});
