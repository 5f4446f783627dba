import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.js';

describe('BoundedQueue', () => {
  it('keeps order, drops the oldest when full and reports each drop', () => {
    const queue = new BoundedQueue<number>(3);
    expect([1, 2, 3].map((item) => queue.push(item))).toEqual([false, false, false]);
    expect(queue.push(4)).toBe(true);
    expect(queue.push(5)).toBe(true);
    expect(queue.size).toBe(3);
    expect(queue.peek()).toBe(3);
    expect([queue.shift(), queue.shift()]).toEqual([3, 4]);
    queue.push(6);
    queue.push(7);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([5, 6, 7]);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
    queue.push(8);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedQueue(0)).toThrow();
  });
});
