/**
 * What the request log costs: one agt scenario in a closed loop, the log switched on and off at runtime
 * (`PUT /api/settings`) between alternating slices (on first), the rows written per slice counted to prove the
 * switch took effect. Throughput and agt's CPU per request, each side summed over its slices.
 */
import { measureThroughput } from './http-load.mjs';
import { countRequestLogRows, setRequestLogging } from './start-bench-stack.mjs';

/**
 * @param {{ agtUrl: string, scenario: object, concurrency: number, slices: number, sliceMs: number, warmupMs: number,
 *   maxRequests: number, readCpu: () => object, settle: () => Promise<void> }} options
 */
export async function measureLoggingOverhead({ agtUrl, scenario, concurrency, slices, sliceMs, warmupMs, maxRequests, readCpu, settle }) {
  const rowCounts = [];
  const [measured] = await measureThroughput({
    scenarios: [scenario],
    concurrency,
    slices,
    sliceMs,
    warmupMs,
    maxRequests,
    readCpu,
    settle,
    beforeSlice: async (slice) => {
      rowCounts.push(await countRequestLogRows(agtUrl));
      const enabled = slice % 2 === 0;
      await setRequestLogging(agtUrl, enabled);
      return { enabled };
    },
  });
  rowCounts.push(await countRequestLogRows(agtUrl));
  await setRequestLogging(agtUrl, true);
  const rounds = measured.slices.map((slice, index) => ({ ...slice, rowsWritten: rowCounts[index + 1] - rowCounts[index] }));
  const picked = (enabled) => rounds.filter((round) => round.enabled === enabled);
  const succeeded = (enabled) => picked(enabled).reduce((sum, round) => sum + round.completed - round.errors, 0);
  const rate = (enabled) => succeeded(enabled) / (picked(enabled).reduce((sum, round) => sum + round.elapsedMs, 0) / 1000);
  const agtCpuPerRequest = (enabled, name = 'agt') => picked(enabled).reduce((sum, round) => sum + (round.cpuMs[name] ?? NaN), 0) / succeeded(enabled);
  // Spread between slices: the standard error of each side's mean, carried into the slowdown (first order).
  const relativeError = (enabled) => {
    const values = picked(enabled).map((round) => round.requestsPerSecond);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
    return Math.sqrt(variance / values.length) / mean;
  };
  const onMean = rate(true);
  const offMean = rate(false);
  const agtCpuMsOn = agtCpuPerRequest(true);
  const agtCpuMsOff = agtCpuPerRequest(false);
  return {
    label: scenario.label,
    concurrency,
    durationSeconds: sliceMs / 1000,
    rounds,
    onMean,
    offMean,
    slowdown: 1 - onMean / offMean,
    slowdownError: (onMean / offMean) * Math.hypot(relativeError(true), relativeError(false)),
    agtCpuMsOn,
    agtMainThreadCpuMsOn: agtCpuPerRequest(true, 'agt main thread'),
    agtMainThreadCpuMsOff: agtCpuPerRequest(false, 'agt main thread'),
    agtCpuMsOff,
    cpuSlowdown: 1 - agtCpuMsOff / agtCpuMsOn,
    rowsWrittenWhileOn: picked(true).reduce((sum, round) => sum + round.rowsWritten, 0),
    rowsWrittenWhileOff: picked(false).reduce((sum, round) => sum + round.rowsWritten, 0),
    errors: measured.errors,
    firstProblem: measured.firstProblem,
  };
}
