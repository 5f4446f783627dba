import { describe, expect, it } from 'vitest';
import { ReadySet } from './ready-set.js';

function item(id: string) {
  return { id, readyPosition: -1 };
}

describe('ReadySet', () => {
  it('keeps each item\'s index on the item through adds, swap-removals and clear', () => {
    const set = new ReadySet<ReturnType<typeof item>>();
    const [a, b, c] = [item('a'), item('b'), item('c')];
    set.add(a);
    set.add(b);
    set.add(c);
    set.add(b);
    expect(set.size).toBe(3);
    expect([a.readyPosition, b.readyPosition, c.readyPosition]).toEqual([0, 1, 2]);

    set.delete(a);
    expect(set.has(a)).toBe(false);
    expect(a.readyPosition).toBe(-1);
    expect(set.values().map((one) => one.id)).toEqual(['c', 'b']);
    expect([c.readyPosition, b.readyPosition]).toEqual([0, 1]);
    set.delete(a);
    expect(set.size).toBe(2);

    set.delete(b);
    expect(set.values().map((one) => one.id)).toEqual(['c']);
    expect(c.readyPosition).toBe(0);

    set.clear();
    expect(set.size).toBe(0);
    expect(c.readyPosition).toBe(-1);
    set.add(c);
    expect(set.has(c)).toBe(true);
  });

  it('rotates over the items it holds, skipping those not accepted', () => {
    const set = new ReadySet<ReturnType<typeof item>>();
    for (const id of ['a', 'b', 'c']) set.add(item(id));
    const picks = Array.from({ length: 4 }, () => set.next((one) => one.id !== 'b')?.id);
    expect(picks).toEqual(['a', 'c', 'a', 'c']);
    expect(set.next(() => false)).toBeUndefined();
  });
});
