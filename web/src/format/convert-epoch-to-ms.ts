/**
 * Account files keep `*_at`, `created_at` and `last_used` in unix seconds while cooldowns are in milliseconds.
 * Values above 1e11 are already milliseconds (1e11 s is the year 5138), so a file written either way displays right.
 */
export function convertEpochToMs(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  return value > 1e11 ? value : value * 1000;
}
