/** A seeded source of pseudo-random numbers for fuzz tests: the same seed always gives the same sequence, so a failure replays. */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  /** An integer in [0, max): `Math.floor(next() * max)`, one draw. */
  int(max: number): number;
  /** One of `items`, at index `int(items.length)`, one draw. */
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: a 32-bit state advanced by 0x6d2b79f5 per draw, then mixed; small, fast and good enough for fuzzing. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}
