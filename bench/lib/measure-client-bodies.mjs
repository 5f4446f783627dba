/**
 * Real client bodies through agt vs the same upstream call straight to the simulator, per fixture, in one run:
 *
 * - latency at concurrency 1 (direct and agt interleaved request by request; p50/p99 and the added time), and the
 *   CPU each process used over those requests (agt idles while the direct request runs, so agt's CPU divided by
 *   agt's requests is what one request costs it);
 * - closed-loop throughput at the given concurrencies (direct and agt in interleaved slices), with CPU per request;
 * - the request log switched on and off between slices (throughput and agt CPU per request each way);
 * - agt's peak RSS while the fixture ran (the kernel's high-water mark, reset before each fixture).
 *
 * The direct request is the body agt sent upstream for the fixture (see capture-upstream-requests.mjs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createPool, measureInterleavedLatency, measureThroughput, sendTimedRequest, warmUp } from './http-load.mjs';
import { measureLoggingOverhead } from './measure-logging-overhead.mjs';
import { summarizePairedDifferences } from './summarize-samples.mjs';

/** What a complete answer of each protocol contains (an error mid-stream would not). */
function checkFor(fixture) {
  if (fixture.protocol === 'Anthropic messages') return fixture.stream ? (text) => text.includes('event: message_stop') : (text) => text.includes('"stop_reason"');
  if (fixture.protocol === 'OpenAI chat') return fixture.stream ? (text) => text.includes('data: [DONE]') : (text) => text.includes('"finish_reason"');
  if (fixture.protocol === 'OpenAI responses') return fixture.stream ? (text) => text.includes('response.completed') : (text) => text.includes('"status":"completed"');
  return (text) => text.includes('"finishReason"');
}

export function buildFixtureScenarios(fixture, directBody, stack, directHeaders) {
  const direct = Buffer.from(directBody);
  return {
    direct: {
      name: `${fixture.name} direct`,
      label: 'direct (simulator)',
      origin: stack.simulatorUrl,
      path: '/v1internal:streamGenerateContent?alt=sse',
      headers: directHeaders,
      buildBody: () => direct,
      check: (text) => text.startsWith('data: ') && text.includes('"finishReason"'),
    },
    agt: {
      name: `${fixture.name} agt`,
      label: `agt ${fixture.protocol}`,
      origin: stack.agtUrl,
      path: fixture.path,
      headers: fixture.headers,
      // A new turn number in the last message for every request (client-body-fixtures.mjs): the same history, a new last message.
      buildBody: () => fixture.bodyForRequest(),
      check: checkFor(fixture),
    },
    directBytes: direct.length,
  };
}

/** Peak RSS (VmHWM) and current RSS of a process in MiB; resetPeak() starts a new high-water mark (Linux ≥ 4.0). */
export function readPeakRssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const read = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return { peak: read('VmHWM'), current: read('VmRSS') };
  } catch {
    return { peak: NaN, current: NaN };
  }
}

export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Rounds that fit the time budget, from how long a warm-up round took. */
function roundsFor(msPerRound, { latencyBudgetMs, minRounds, maxRounds }) {
  return Math.max(minRounds, Math.min(maxRounds, Math.floor(latencyBudgetMs / Math.max(0.1, msPerRound))));
}

/**
 * @param {{ fixture: object, scenarios: object, stack: object, config: object, readCpu: () => object, settle: () => Promise<void>,
 *   latencyOnly: boolean, log: (message: string) => void }} options
 */
export async function measureClientBody({ fixture, scenarios, stack, config, readCpu, settle, latencyOnly, log }) {
  const { direct, agt } = scenarios;
  const result = {
    name: fixture.name,
    client: fixture.client,
    protocol: fixture.protocol,
    stream: fixture.stream,
    bytes: fixture.bytes,
    directBytes: scenarios.directBytes,
  };
  const peakReset = resetPeakRss(stack.agt.pid);

  const pools = [createPool(direct.origin, 1), createPool(agt.origin, 1)];
  try {
    // Warm-up until both processes run optimized code (V8 compiles hot functions after some hundreds of calls, on
    // background threads whose CPU /proc counts): at least `fixtureWarmupRounds`, and for small bodies as many as
    // fit in `fixtureWarmupMs`. A gateway that serves all day runs warm; the first requests after a start are not measured.
    const warmupStarted = performance.now();
    const minRounds = latencyOnly ? 2 : config.fixtureWarmupRounds;
    const maxRounds = latencyOnly ? 2 : config.fixtureWarmupMaxRounds;
    let warmupRounds = 0;
    while (warmupRounds < minRounds || (warmupRounds < maxRounds && performance.now() - warmupStarted < config.fixtureWarmupMs)) {
      await warmUp(pools[0], direct, 1, 300_000);
      await warmUp(pools[1], agt, 1, 300_000);
      warmupRounds += 1;
    }
    const rounds = roundsFor((performance.now() - warmupStarted) / warmupRounds, config);
    log(`${fixture.name} (${(fixture.bytes / 1024).toFixed(0)} KiB, ${fixture.protocol}${fixture.stream ? ' stream' : ''}): latency, ${rounds} interleaved rounds`);
    await settle();
    const cpuBefore = readCpu();
    const [directMeasured, agtMeasured] = await measureInterleavedLatency(pools, [direct, agt], rounds, config.latencyDeadlineMs);
    await settle();
    const cpuAfter = readCpu();
    const completed = agtMeasured.rounds;
    const cpu = (name, requests) => (cpuAfter[name] === null || cpuBefore[name] === null ? NaN : (cpuAfter[name] - cpuBefore[name]) / requests);
    result.latency = {
      rounds: completed,
      direct: directMeasured.total,
      agt: agtMeasured.total,
      addedP50: agtMeasured.total.p50 - directMeasured.total.p50,
      addedP99: agtMeasured.total.p99 - directMeasured.total.p99,
      ratioP50: agtMeasured.total.p50 / directMeasured.total.p50,
      pairedMedian: summarizePairedDifferences(agtMeasured.totalSamples, directMeasured.totalSamples).p50,
      errors: directMeasured.errors + agtMeasured.errors,
      firstProblem: directMeasured.firstProblem ?? agtMeasured.firstProblem,
    };
    // agt is idle while the direct request runs; the simulator serves both paths alike, so its share is per request of either.
    result.cpu = {
      agtMsPerRequest: cpu('agt', completed),
      simulatorMsPerRequest: cpu('simulator', 2 * completed),
      loadGeneratorMsPerRequest: cpu('load generator', 2 * completed),
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }

  if (!latencyOnly) {
    result.throughput = [];
    for (const concurrency of config.fixtureConcurrencies) {
      log(`${fixture.name}: throughput at concurrency ${concurrency}, ${config.fixtureThroughputSlices} interleaved slices of ${config.fixtureThroughputSliceSeconds} s`);
      const [directRun, agtRun] = await measureThroughput({
        scenarios: [direct, agt],
        concurrency,
        slices: config.fixtureThroughputSlices,
        sliceMs: config.fixtureThroughputSliceSeconds * 1000,
        warmupMs: config.fixtureThroughputWarmupSeconds * 1000,
        maxRequests: config.maxRequestsPerSlice,
        readCpu,
        settle,
      });
      result.throughput.push({
        concurrency,
        direct: { requestsPerSecond: directRun.requestsPerSecond, latency: directRun.latency, cpuMsPerRequest: directRun.cpuMsPerRequest, errors: directRun.errors, firstProblem: directRun.firstProblem },
        agt: { requestsPerSecond: agtRun.requestsPerSecond, latency: agtRun.latency, cpuMsPerRequest: agtRun.cpuMsPerRequest, errors: agtRun.errors, firstProblem: agtRun.firstProblem },
        ratio: agtRun.requestsPerSecond / directRun.requestsPerSecond,
      });
    }
    log(`${fixture.name}: request log on/off at concurrency ${config.fixtureLoggingConcurrency}, ${config.fixtureLoggingSlices} alternating slices of ${config.fixtureLoggingSliceSeconds} s`);
    result.logging = await measureLoggingOverhead({
      agtUrl: stack.agtUrl,
      scenario: agt,
      concurrency: config.fixtureLoggingConcurrency,
      slices: config.fixtureLoggingSlices,
      sliceMs: config.fixtureLoggingSliceSeconds * 1000,
      warmupMs: config.fixtureThroughputWarmupSeconds * 1000,
      maxRequests: config.maxRequestsPerSlice,
      readCpu,
      settle,
    });
  }
  const rss = readPeakRssMiB(stack.agt.pid);
  result.rss = { peakMiB: rss.peak, currentMiB: rss.current, peakIsPerFixture: peakReset };
  result.errors =
    result.latency.errors +
    (result.throughput ?? []).reduce((sum, row) => sum + row.direct.errors + row.agt.errors, 0) +
    (result.logging?.errors ?? 0);
  return result;
}

/** One request of each path, validated: the capture and the stack must agree before anything is timed. */
export async function checkFixtureScenarios(scenarios) {
  for (const scenario of [scenarios.direct, scenarios.agt]) {
    const pool = createPool(scenario.origin, 1);
    try {
      const result = await sendTimedRequest(pool, scenario, true);
      if (!result.ok) throw new Error(`${scenario.name}: ${result.problem}`);
    } finally {
      await pool.close();
    }
  }
}
