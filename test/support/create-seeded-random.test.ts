import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './create-seeded-random.js';

/** The first draws as 32-bit integers (`next() * 2 ** 32`), pinned: the fuzz tests' bodies depend on this exact sequence. */
const FIRST_DRAWS: Array<[number, number[]]> = [
  [0, [1144304738, 1416247, 958946056]],
  [7, [50271532, 266108690, 4195786334]],
  [20_240_601, [1518016969, 121048372, 2959089956]],
];

describe('createSeededRandom', () => {
  it.each(FIRST_DRAWS)('gives the pinned mulberry32 sequence for seed %i', (seed, expected) => {
    const random = createSeededRandom(seed);
    expect(expected.map(() => random.next() * 2 ** 32)).toEqual(expected);
  });

  it('keeps every draw in [0, 1), and the same seed gives the same sequence', () => {
    const first = createSeededRandom(42);
    const second = createSeededRandom(42);
    const draws = Array.from({ length: 10_000 }, () => first.next());
    expect(draws.every((draw) => draw >= 0 && draw < 1)).toBe(true);
    expect(Array.from({ length: 10_000 }, () => second.next())).toEqual(draws);
    expect(createSeededRandom(43).next()).not.toBe(draws[0]);
  });

  it('reads the seed as an unsigned 32-bit integer', () => {
    expect(createSeededRandom(-1).next()).toBe(createSeededRandom(2 ** 32 - 1).next());
    expect(createSeededRandom(2 ** 32).next()).toBe(createSeededRandom(0).next());
  });

  it('int and pick each take exactly one draw and round it down', () => {
    const reference = createSeededRandom(9);
    const random = createSeededRandom(9);
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (let round = 0; round < 1000; round += 1) {
      expect(random.int(10)).toBe(Math.floor(reference.next() * 10));
      expect(random.pick(items)).toBe(items[Math.floor(reference.next() * items.length)]);
    }
    expect(random.next()).toBe(reference.next());
  });
});
