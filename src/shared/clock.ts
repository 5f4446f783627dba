/** Injected time source, so pools, cooldowns and refresh decisions are testable. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function nowSeconds(clock: Clock = systemClock): number {
  return Math.floor(clock.now() / 1000);
}
