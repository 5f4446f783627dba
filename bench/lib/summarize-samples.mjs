/**
 * Percentiles and means of latency samples (milliseconds or microseconds, whatever the caller measured).
 * Percentiles use the nearest-rank method on a sorted copy: p99 of 2,000 samples is the 1,980th value.
 */

/** @param {ArrayLike<number>} samples */
export function summarizeSamples(samples) {
  const sorted = Float64Array.from(samples).sort();
  const count = sorted.length;
  if (count === 0) return { count: 0, mean: NaN, p50: NaN, p90: NaN, p99: NaN, min: NaN, max: NaN };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count,
    mean: sum / count,
    p50: pickPercentile(sorted, 50),
    p90: pickPercentile(sorted, 90),
    p99: pickPercentile(sorted, 99),
    min: sorted[0],
    max: sorted[count - 1],
  };
}

/** Nearest rank on an already sorted array. */
export function pickPercentile(sorted, percent) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The percentiles of the per-iteration differences `a[i] - b[i]` (paired samples taken back to back). */
export function summarizePairedDifferences(a, b) {
  const length = Math.min(a.length, b.length);
  const differences = new Float64Array(length);
  for (let index = 0; index < length; index += 1) differences[index] = a[index] - b[index];
  return summarizeSamples(differences);
}
