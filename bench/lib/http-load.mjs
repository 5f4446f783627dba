/**
 * The load generator: one timed request at a time per worker over an undici Pool (keep-alive, pipelining 1),
 * traffic to 127.0.0.1 only. Every loop is bounded by a request count and a deadline.
 */
import { Pool } from 'undici';
import { summarizeSamples } from './summarize-samples.mjs';

/**
 * A scenario: where to send what, and how to tell a good answer from a bad one.
 * @typedef {{
 *   name: string,
 *   origin: string,
 *   path: string,
 *   headers: Record<string, string>,
 *   buildBody: () => string,
 *   check: (text: string) => boolean,
 * }} Scenario
 */

export function createPool(origin, connections) {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
}

/**
 * Sends one request and reads the whole body. Times (ms, from just before the request): `ttfbMs` when the first
 * body chunk arrived, `totalMs` when the body ended. With `validate`, the body text is kept and checked.
 */
export async function sendTimedRequest(pool, scenario, validate) {
  const body = scenario.buildBody();
  const started = performance.now();
  const response = await pool.request({ method: 'POST', path: scenario.path, headers: scenario.headers, body });
  let ttfbMs = NaN;
  const chunks = validate ? [] : null;
  let bytes = 0;
  for await (const chunk of response.body) {
    if (bytes === 0) ttfbMs = performance.now() - started;
    bytes += chunk.length;
    if (chunks) chunks.push(chunk);
  }
  const totalMs = performance.now() - started;
  let ok = response.statusCode === 200 && bytes > 0;
  let problem = ok ? null : `HTTP ${response.statusCode}, ${bytes} bytes`;
  if (ok && chunks) {
    const text = Buffer.concat(chunks).toString('utf8');
    if (!scenario.check(text)) {
      ok = false;
      problem = `unexpected body: ${text.slice(0, 300)}`;
    }
  }
  return { ok, problem, ttfbMs, totalMs };
}

/** Warm-up: `count` validated requests; throws on the first bad answer (a broken setup must not be measured). */
export async function warmUp(pool, scenario, count, deadlineMs) {
  const deadline = performance.now() + deadlineMs;
  for (let index = 0; index < count && performance.now() < deadline; index += 1) {
    const result = await sendTimedRequest(pool, scenario, true);
    if (!result.ok) throw new Error(`${scenario.name}: warm-up request failed: ${result.problem}`);
  }
}

/**
 * Concurrency 1, interleaved: each round sends one request of every scenario (starting at a rotating
 * scenario so no path always runs right after another), `rounds` times or until the deadline.
 * Returns per-scenario arrays of total and TTFB times in round order (paired across scenarios).
 */
export async function measureInterleavedLatency(pools, scenarios, rounds, deadlineMs) {
  const deadline = performance.now() + deadlineMs;
  const totals = scenarios.map(() => []);
  const ttfbs = scenarios.map(() => []);
  const errors = scenarios.map(() => 0);
  const problems = scenarios.map(() => null);
  let completedRounds = 0;
  for (let round = 0; round < rounds && performance.now() < deadline; round += 1) {
    for (let step = 0; step < scenarios.length; step += 1) {
      const index = (round + step) % scenarios.length;
      const result = await sendTimedRequest(pools[index], scenarios[index], false);
      if (!result.ok) {
        errors[index] += 1;
        problems[index] ??= result.problem;
      }
      totals[index].push(result.totalMs);
      ttfbs[index].push(result.ttfbMs);
    }
    completedRounds += 1;
  }
  return scenarios.map((scenario, index) => ({
    name: scenario.name,
    rounds: completedRounds,
    errors: errors[index],
    firstProblem: problems[index],
    totalSamples: totals[index],
    ttfbSamples: ttfbs[index],
    total: summarizeSamples(totals[index]),
    ttfb: summarizeSamples(ttfbs[index]),
  }));
}

/**
 * Closed-loop throughput of several scenarios at one concurrency, interleaved: each scenario gets its own pool
 * of `concurrency` connections and a warm-up, then `slices` rounds run every scenario for `sliceMs` in turn, so
 * a burst of background load hits all of them alike. Per scenario: completions and latencies summed over its
 * slices, requests/s = successful requests / time spent in its slices. With `readCpu` (→ `{ process: ms }`), the CPU
 * time each process used during the scenario's slices is summed too, and divided per successful request;
 * `settle()` runs after each slice, before the CPU is read, so work a server queued during the slice (and does
 * after the last response) is charged to that slice and not to the next scenario's.
 */
export async function measureThroughput({ scenarios, concurrency, slices, sliceMs, warmupMs, maxRequests, beforeSlice, readCpu, settle }) {
  const pools = scenarios.map((scenario) => createPool(scenario.origin, concurrency));
  try {
    for (let index = 0; index < scenarios.length; index += 1) {
      await runClosedLoop(pools[index], scenarios[index], concurrency, warmupMs, maxRequests);
    }
    const totals = scenarios.map((scenario) => ({
      name: scenario.name,
      concurrency,
      slices: [],
      completed: 0,
      errors: 0,
      firstProblem: null,
      elapsedMs: 0,
      latencies: [],
      cpuMs: {},
    }));
    for (let slice = 0; slice < slices; slice += 1) {
      for (let index = 0; index < scenarios.length; index += 1) {
        const context = (await beforeSlice?.(slice, scenarios[index])) ?? {};
        const cpuBefore = readCpu?.();
        const measured = await runClosedLoop(pools[index], scenarios[index], concurrency, sliceMs, maxRequests);
        await settle?.();
        const cpuAfter = readCpu?.();
        const total = totals[index];
        const sliceCpuMs = {};
        for (const [name, value] of Object.entries(cpuAfter ?? {})) {
          if (value === null || cpuBefore[name] === null) continue;
          sliceCpuMs[name] = value - cpuBefore[name];
          total.cpuMs[name] = (total.cpuMs[name] ?? 0) + sliceCpuMs[name];
        }
        total.slices.push({
          ...context,
          completed: measured.completed,
          errors: measured.errors,
          elapsedMs: measured.elapsedMs,
          requestsPerSecond: measured.requestsPerSecond,
          cpuMs: sliceCpuMs,
        });
        total.completed += measured.completed;
        total.errors += measured.errors;
        total.firstProblem ??= measured.firstProblem;
        total.elapsedMs += measured.elapsedMs;
        for (const value of measured.latencies) total.latencies.push(value);
      }
    }
    return totals.map(({ latencies, ...total }) => {
      const succeeded = total.completed - total.errors;
      const cpuMsPerRequest = Object.fromEntries(Object.entries(total.cpuMs).map(([name, value]) => [name, value / succeeded]));
      return {
        ...total,
        requestsPerSecond: succeeded / (total.elapsedMs / 1000),
        latency: summarizeSamples(latencies),
        cpuMsPerRequest,
      };
    });
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** `concurrency` workers, each sending its next request when the previous one ended, for `durationMs`. */
async function runClosedLoop(pool, scenario, concurrency, durationMs, maxRequests) {
  const latencies = [];
  let issued = 0;
  let errors = 0;
  let firstProblem = null;
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      issued += 1;
      try {
        const result = await sendTimedRequest(pool, scenario, false);
        latencies.push(result.totalMs);
        if (!result.ok) {
          errors += 1;
          firstProblem ??= result.problem;
        }
      } catch (error) {
        errors += 1;
        firstProblem ??= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return {
    completed: latencies.length,
    errors,
    firstProblem,
    elapsedMs,
    requestsPerSecond: (latencies.length - errors) / (elapsedMs / 1000),
    latencies,
  };
}
