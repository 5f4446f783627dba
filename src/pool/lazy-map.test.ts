import { describe, expect, it } from 'vitest';
import { LazyMap } from './lazy-map.js';

describe('LazyMap', () => {
  it('behaves as a Map for get, set, has, delete, clear, size and iteration', () => {
    const map = new LazyMap<string, number>();
    expect(map.size).toBe(0);
    expect(map.get('a')).toBeUndefined();
    expect(map.has('a')).toBe(false);
    expect(map.delete('a')).toBe(false);
    expect([...map]).toEqual([]);
    expect([...map.keys()]).toEqual([]);

    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1);
    expect(map.has('b')).toBe(true);
    expect(map.size).toBe(2);
    expect([...map]).toEqual([['a', 1], ['b', 2]]);
    expect([...map.keys()]).toEqual(['a', 'b']);

    expect(map.delete('a')).toBe(true);
    expect([...map]).toEqual([['b', 2]]);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get('b')).toBeUndefined();
    map.set('c', 3);
    expect([...map]).toEqual([['c', 3]]);
  });
});
