#!/usr/bin/env node
/**
 * `npm run bench`: direct-to-simulator vs through agt, side by side in one run, plus the pool selection
 * micro-benchmark. Prints a markdown report and writes it to bench/results/latest.md (+ latest.json).
 *
 * Options: --quick (small counts, for checking the script), --cpu-prof (profile the agt process; the
 * .cpuprofile lands in bench/results/profiles), --skip-http (no HTTP measurement at all), --skip-small (not the small
 * bodies), --skip-logging (no request log on/off comparison for the small bodies), --skip-fixtures (not the client
 * bodies), --fixtures=NAME,NAME (only these client bodies; see lib/client-body-fixtures.mjs), --skip-start (not the
 * gateway start with 10,000 accounts), --skip-pool.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { formatBenchReport, evaluateTargets } from './lib/format-bench-report.mjs';
import { createPool, measureInterleavedLatency, measureThroughput, warmUp } from './lib/http-load.mjs';
import { measurePoolSelection } from './lib/measure-pool-selection.mjs';
import { captureUpstreamRequests } from './lib/capture-upstream-requests.mjs';
import { DEFAULT_FIXTURES, LATENCY_ONLY_FIXTURES, loadClientBodyFixtures } from './lib/client-body-fixtures.mjs';
import { buildFixtureScenarios, checkFixtureScenarios, measureClientBody } from './lib/measure-client-bodies.mjs';
import { measureGatewayStart } from './lib/measure-gateway-start.mjs';
import { measureLoggingOverhead } from './lib/measure-logging-overhead.mjs';
import { startBenchStack } from './lib/start-bench-stack.mjs';
import { readLogTail, readProcessCpuMs } from './lib/start-child-process.mjs';
import { summarizePairedDifferences } from './lib/summarize-samples.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'src');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const MODEL = 'gemini-2.5-flash';
const PROMPT = 'Benchmark request: please answer with a short friendly greeting.';

const flags = new Set();
let fixtureNames = DEFAULT_FIXTURES;
for (const flag of process.argv.slice(2)) {
  if (flag.startsWith('--fixtures=')) {
    fixtureNames = flag.slice('--fixtures='.length).split(',').filter(Boolean);
    continue;
  }
  if (!['--quick', '--cpu-prof', '--skip-http', '--skip-small', '--skip-pool', '--skip-logging', '--skip-fixtures', '--skip-start'].includes(flag)) {
    console.error(`unknown option ${flag}`);
    process.exit(2);
  }
  flags.add(flag);
}
const quick = flags.has('--quick');
const CONFIG = {
  model: MODEL,
  accounts: 3,
  loggingDuringMainRuns: true,
  warmupRequests: quick ? 50 : 200,
  latencyRounds: quick ? 200 : 2_000,
  latencyDeadlineMs: 90_000,
  concurrencies: [1, 16, 64],
  throughputSlices: 4,
  throughputSliceSeconds: quick ? 0.25 : 1.25,
  throughputWarmupSeconds: quick ? 0.5 : 1,
  maxRequestsPerSlice: 1_000_000,
  loggingSlices: 12,
  loggingSliceSeconds: quick ? 0.5 : 1.5,
  poolSizes: [10, 1_000, 10_000],
  poolIterations: quick ? 20_000 : 200_000,
  poolWarmup: quick ? 2_000 : 20_000,
  // Client bodies (lib/measure-client-bodies.mjs): latency rounds fit a time budget per fixture.
  fixtureWarmupRequests: quick ? 0 : 1_000,
  fixtureWarmupConcurrency: 4,
  fixtureWarmupRounds: quick ? 3 : 10,
  fixtureWarmupMaxRounds: quick ? 3 : 400,
  fixtureWarmupMs: quick ? 0 : 2_000,
  latencyBudgetMs: quick ? 1_500 : 8_000,
  minRounds: quick ? 3 : 9,
  maxRounds: quick ? 200 : 1_500,
  fixtureConcurrencies: [16, 64],
  fixtureThroughputSlices: quick ? 2 : 3,
  fixtureThroughputSliceSeconds: quick ? 0.3 : 1,
  fixtureThroughputWarmupSeconds: quick ? 0.3 : 0.75,
  fixtureLoggingConcurrency: 16,
  fixtureLoggingSlices: quick ? 4 : 10,
  fixtureLoggingSliceSeconds: quick ? 0.3 : 1,
  multibyteBytes: quick ? 2_000_000 : 12_000_000,
  startSizes: [0, 10_000],
  startRepeats: quick ? 1 : 3,
};

function describeMachine() {
  const cpus = os.cpus();
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    agtVersion: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    loadAverage: os.loadavg(),
  };
}

function describeCommand() {
  const script = `node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
  return process.env.npm_lifecycle_event === 'bench' ? `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}  (= npm run build && ${script})` : script;
}

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The scenarios: the direct upstream call and the agt routes, with the same user message. */
async function buildScenarios(stack) {
  const { parseOpenAIChatRequest, convertOpenAIRequestToGemini } = await import(join(DIST, 'protocols/openai/index.js'));
  const { DEFAULT_USER_AGENT } = await import(join(DIST, 'google/index.js'));
  const openAIBody = { model: MODEL, messages: [{ role: 'user', content: PROMPT }] };
  const converted = convertOpenAIRequestToGemini(parseOpenAIChatRequest(JSON.parse(JSON.stringify(openAIBody))));
  // The upstream model depends on the accounts' catalogues (the simulator serves today's): agt says which it chose.
  const upstreamModel = await readMappedModel(stack.agtUrl, openAIBody);
  let sequence = 0;
  const json = { 'content-type': 'application/json' };
  const agtOrigin = stack.agtUrl;

  const direct = {
    name: 'direct',
    label: 'direct (simulator)',
    origin: stack.simulatorUrl,
    path: '/v1internal:streamGenerateContent?alt=sse',
    headers: { ...json, authorization: `Bearer ${stack.direct.accessToken}`, 'user-agent': DEFAULT_USER_AGENT, accept: 'text/event-stream' },
    buildBody: () =>
      JSON.stringify({
        project: stack.direct.projectId,
        requestId: `agent/${Date.now()}/${(sequence += 1).toString(16)}`,
        request: converted.request,
        model: upstreamModel,
        userAgent: 'antigravity',
        requestType: 'agent',
      }),
    check: (text) => text.startsWith('data: ') && text.includes('"finishReason":"STOP"') && text.includes('Echo: '),
  };
  const openAI = {
    name: 'agt-openai',
    label: 'agt /v1/chat/completions',
    origin: agtOrigin,
    path: '/v1/chat/completions',
    headers: json,
    buildBody: () => JSON.stringify(openAIBody),
    check: (text) => {
      try {
        return JSON.parse(text).choices[0].message.content.includes('Echo: ');
      } catch {
        return false;
      }
    },
  };
  const openAIStream = {
    name: 'agt-openai-stream',
    label: 'agt /v1/chat/completions stream',
    origin: agtOrigin,
    path: '/v1/chat/completions',
    headers: json,
    buildBody: () => JSON.stringify({ ...openAIBody, stream: true }),
    check: (text) => text.includes('"finish_reason":"stop"') && text.trimEnd().endsWith('data: [DONE]'),
  };
  const messagesStream = {
    name: 'agt-messages-stream',
    label: 'agt /v1/messages stream',
    origin: agtOrigin,
    path: '/v1/messages',
    headers: { ...json, 'anthropic-version': '2023-06-01' },
    buildBody: () => JSON.stringify({ model: MODEL, max_tokens: 1024, stream: true, messages: [{ role: 'user', content: PROMPT }] }),
    check: (text) => text.includes('event: message_stop'),
  };
  return { direct, openAI, openAIStream, messagesStream, upstreamModel };
}

/** The upstream model agt chose for `body` (its `x-agt-mapped-model` header). */
async function readMappedModel(agtUrl, body) {
  const response = await request(`${agtUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`agt answered HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  const mapped = response.headers['x-agt-mapped-model'];
  if (typeof mapped !== 'string' || mapped === '') throw new Error('agt named no mapped model (x-agt-mapped-model)');
  return mapped;
}

/** agt must send the model the direct path sends, or the comparison is not like for like. */
async function checkMappedModel(scenario, upstreamModel) {
  const response = await request(`${scenario.origin}${scenario.path}`, { method: 'POST', headers: scenario.headers, body: scenario.buildBody() });
  const text = await response.body.text();
  const mapped = response.headers['x-agt-mapped-model'];
  if (response.statusCode !== 200) throw new Error(`agt answered HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  if (mapped !== upstreamModel) throw new Error(`agt mapped ${MODEL} to ${String(mapped)}, the direct path sends ${upstreamModel}`);
}

function describeErrors(rows) {
  const failing = rows.filter((row) => row.errors > 0);
  if (failing.length === 0) return 'none.';
  return failing.map((row) => `${row.name}${row.concurrency ? ` c=${row.concurrency}` : ''}: ${row.errors} (${row.firstProblem})`).join('; ');
}

async function runLatency(scenarios) {
  const ordered = [scenarios.direct, scenarios.openAI, scenarios.openAIStream, scenarios.messagesStream];
  const pools = ordered.map((scenario) => createPool(scenario.origin, 1));
  try {
    for (let index = 0; index < ordered.length; index += 1) {
      log(`warm-up ${ordered[index].name}: ${CONFIG.warmupRequests} validated requests`);
      await warmUp(pools[index], ordered[index], CONFIG.warmupRequests, 30_000);
    }
    log(`latency at concurrency 1: ${CONFIG.latencyRounds} interleaved rounds of ${ordered.length} requests`);
    const measured = await measureInterleavedLatency(pools, ordered, CONFIG.latencyRounds, CONFIG.latencyDeadlineMs);
    const [direct, ...agtRows] = measured;
    const labelOf = (name) => ordered.find((scenario) => scenario.name === name).label;
    const comparisons = agtRows.map((row) => ({
      label: labelOf(row.name),
      direct: direct.total,
      agt: row.total,
      addedP50: row.total.p50 - direct.total.p50,
      addedP99: row.total.p99 - direct.total.p99,
      pairedMedian: summarizePairedDifferences(row.totalSamples, direct.totalSamples).p50,
    }));
    const streaming = [direct, ...agtRows.filter((row) => row.name.endsWith('-stream'))];
    const ttfb = streaming.map((row) => ({
      label: labelOf(row.name),
      isDirect: row === direct,
      p50: row.ttfb.p50,
      p99: row.ttfb.p99,
      addedP50: row.ttfb.p50 - direct.ttfb.p50,
      addedP99: row.ttfb.p99 - direct.ttfb.p99,
    }));
    // Paired view (same round, back to back): robust to drift in background load.
    const paired = agtRows.map((row) => ({ label: labelOf(row.name), added: summarizePairedDifferences(row.totalSamples, direct.totalSamples) }));
    return {
      rounds: direct.rounds,
      comparisons,
      ttfb,
      paired,
      errors: measured.map(({ name, errors, firstProblem }) => ({ name, errors, firstProblem })),
      errorsText: describeErrors(measured),
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

async function runThroughput(scenarios, readCpu, settle) {
  const rows = [];
  const all = [];
  const agtScenarios = [scenarios.openAI, scenarios.openAIStream];
  for (const concurrency of CONFIG.concurrencies) {
    log(`throughput at concurrency ${concurrency}: direct, ${agtScenarios.map((scenario) => scenario.name).join(', ')} interleaved, ${CONFIG.throughputSlices} × ${CONFIG.throughputSliceSeconds} s each`);
    const [direct, ...agtMeasured] = await measureThroughput({
      scenarios: [scenarios.direct, ...agtScenarios],
      concurrency,
      slices: CONFIG.throughputSlices,
      sliceMs: CONFIG.throughputSliceSeconds * 1000,
      warmupMs: CONFIG.throughputWarmupSeconds * 1000,
      maxRequests: CONFIG.maxRequestsPerSlice,
      readCpu,
      settle,
    });
    const agt = agtMeasured.map((measured, index) => ({
      label: agtScenarios[index].label,
      ...measured,
      ratio: measured.requestsPerSecond / direct.requestsPerSecond,
    }));
    rows.push({ concurrency, direct, agt });
    all.push(direct, ...agt);
  }
  return {
    durationSeconds: CONFIG.throughputSlices * CONFIG.throughputSliceSeconds,
    slices: CONFIG.throughputSlices,
    warmupSeconds: CONFIG.throughputWarmupSeconds,
    rows,
    errorsText: describeErrors(all),
    errorCount: all.reduce((sum, row) => sum + row.errors, 0),
  };
}

/** One agt pool at concurrency 64; the request log is switched on and off between slices (on first). */
async function runLoggingComparison(stack, scenario, readCpu, settle) {
  const concurrency = 64;
  log(`request log on/off: ${scenario.name} at concurrency ${concurrency}, ${CONFIG.loggingSlices} alternating slices of ${CONFIG.loggingSliceSeconds} s`);
  const measured = await measureLoggingOverhead({
    agtUrl: stack.agtUrl,
    scenario,
    concurrency,
    slices: CONFIG.loggingSlices,
    sliceMs: CONFIG.loggingSliceSeconds * 1000,
    warmupMs: CONFIG.throughputWarmupSeconds * 1000,
    maxRequests: CONFIG.maxRequestsPerSlice,
    readCpu,
    settle,
  });
  return { ...measured, errorCount: measured.errors, errorsText: describeErrors([{ name: scenario.name, ...measured }]) };
}

/**
 * The client bodies: agt's upstream request for each fixture is captured once (a second agt, see
 * lib/capture-upstream-requests.mjs) and becomes the direct request; then each fixture is measured on the bench's agt.
 */
async function runClientBodies(stack, readCpu, settle) {
  const fixtures = loadClientBodyFixtures(ROOT, { names: fixtureNames, multibyteBytes: CONFIG.multibyteBytes });
  log(`client bodies: capturing agt's upstream request for ${fixtures.length} fixtures`);
  const directBodies = await captureUpstreamRequests({
    main: join(ROOT, 'dist', 'src', 'main.js'),
    workDir: stack.workDir,
    dataDir: stack.dataDir,
    simulatorUrl: stack.simulatorUrl,
    fixtures,
    directProjectId: stack.direct.projectId,
  });
  const { DEFAULT_USER_AGENT } = await import(join(DIST, 'google/index.js'));
  const directHeaders = { 'content-type': 'application/json', authorization: `Bearer ${stack.direct.accessToken}`, 'user-agent': DEFAULT_USER_AGENT, accept: 'text/event-stream' };
  const rows = [];
  for (const fixture of fixtures) {
    const scenarios = buildFixtureScenarios(fixture, directBodies.get(fixture.name), stack, directHeaders);
    await checkFixtureScenarios(scenarios);
    rows.push(await measureClientBody({ fixture, scenarios, stack, config: CONFIG, readCpu, settle, latencyOnly: LATENCY_ONLY_FIXTURES.has(fixture.name), log }));
  }
  return rows;
}

/** The JSON keeps every summary but not the raw sample arrays. */
function stripSamples(results) {
  return JSON.parse(JSON.stringify(results, (key, value) => (key === 'totalSamples' || key === 'ttfbSamples' ? undefined : value)));
}

async function main() {
  if (!existsSync(join(DIST, 'main.js'))) {
    console.error('dist/src/main.js is missing: run `npm run build` first (or use `npm run bench`).');
    process.exit(1);
  }
  const startedAtMs = Date.now();
  const results = {
    startedAt: new Date(startedAtMs).toISOString(),
    command: describeCommand(),
    machine: describeMachine(),
    config: CONFIG,
    notes: [],
  };
  if (quick) results.notes.push('Quick mode (--quick): small sample counts, for checking the script only; do not quote these numbers.');
  let failed = false;

  if (!flags.has('--skip-http')) {
    const profileDir = join(RESULTS_DIR, 'profiles');
    const agtNodeOptions = flags.has('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    if (agtNodeOptions.length > 0) await mkdir(profileDir, { recursive: true });
    log('starting the simulator and agt (child processes)');
    const stack = await startBenchStack({ root: ROOT, dist: DIST, accounts: CONFIG.accounts, enableLogging: CONFIG.loggingDuringMainRuns, agtNodeOptions });
    const stopOnSignal = () => {
      void stack.stop().finally(() => process.exit(130));
    };
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    try {
      const readCpu = () => {
        const own = process.cpuUsage();
        return {
          agt: readProcessCpuMs(stack.agt.pid),
          // The event loop alone: agt's process CPU includes its other threads (the request log's writer among them).
          'agt main thread': readProcessCpuMs(stack.agt.pid, stack.agt.pid),
          simulator: readProcessCpuMs(stack.simulator.pid),
          'load generator': (own.user + own.system) / 1000,
        };
      };
      // After a slice, wait (at most 3 s) until agt and the simulator are idle: 100 ms with at most one clock tick each.
      const settle = async () => {
        const deadline = Date.now() + 3_000;
        let previous = readCpu();
        while (Date.now() < deadline) {
          await sleep(100);
          const current = readCpu();
          const busy = ['agt', 'simulator'].some((name) => current[name] !== null && current[name] - previous[name] > 10);
          previous = current;
          if (!busy) return;
        }
      };
      let errorCount = 0;
      if (!flags.has('--skip-small')) {
        const scenarios = await buildScenarios(stack);
        await checkMappedModel(scenarios.openAI, scenarios.upstreamModel);
        results.latency = await runLatency(scenarios);
        const directLatency = results.latency.comparisons[0]?.direct;
        if (directLatency && directLatency.p99 > 5 * directLatency.p50) {
          results.notes.push(
            `The direct path's own p99 (${directLatency.p99.toFixed(2)} ms) is ${(directLatency.p99 / directLatency.p50).toFixed(0)}× its p50: at concurrency 1 the tail is dominated by how fast the OS schedules the processes again, and a request through agt crosses one more process, so "added p99" carries that noise too.`,
          );
        }
        results.throughput = await runThroughput(scenarios, readCpu, settle);
        if (!flags.has('--skip-logging')) results.logging = await runLoggingComparison(stack, scenarios.openAI, readCpu, settle);
        errorCount += results.latency.errors.reduce((sum, row) => sum + row.errors, 0) + results.throughput.errorCount + (results.logging?.errorCount ?? 0);
      }
      if (!flags.has('--skip-fixtures')) {
        results.clientBodies = await runClientBodies(stack, readCpu, settle);
        errorCount += results.clientBodies.reduce((sum, row) => sum + row.errors, 0);
      }
      if (errorCount > 0) {
        failed = true;
        results.notes.push(`${errorCount} requests failed during measurement; see the error lines above. agt log tail:\n\n\`\`\`\n${readLogTail(stack.agt.logPath, 1500)}\n\`\`\``);
      }
      if (flags.has('--cpu-prof')) results.notes.push(`agt ran with --cpu-prof; profiles in ${profileDir} (open in Chrome DevTools → Performance). Profiling slows agt down: do not quote these numbers.`);
    } finally {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      log('stopping agt and the simulator');
      await stack.stop();
      await rm(stack.workDir, { recursive: true, force: true });
    }
  }

  if (!flags.has('--skip-start')) {
    results.gatewayStart = await measureGatewayStart({ root: ROOT, sizes: CONFIG.startSizes, repeats: CONFIG.startRepeats, log });
  }

  if (!flags.has('--skip-pool')) {
    log(`pool selection at ${CONFIG.poolSizes.join(', ')} accounts (${CONFIG.poolIterations} acquires each)`);
    results.poolSelection = await measurePoolSelection({
      dist: DIST,
      sizes: CONFIG.poolSizes,
      iterations: CONFIG.poolIterations,
      warmup: CONFIG.poolWarmup,
      model: MODEL,
    });
  }

  const loadAtEnd = os.loadavg();
  results.machine.loadAverageAtEnd = loadAtEnd;
  const busy = Math.max(results.machine.loadAverage[0], loadAtEnd[0]);
  results.notes.push(
    `The load generator, the simulator and agt share ${results.machine.cores} cores, so agt's throughput also pays for the CPU the client and the simulator use; the direct path has one process fewer competing.`,
  );
  if (busy > results.machine.cores * 0.5) {
    results.notes.push(`The machine was not idle (1-min load average up to ${busy.toFixed(2)} on ${results.machine.cores} cores): other work competed for the CPU, expect noise, especially in p99.`);
  }
  results.elapsedMs = Date.now() - startedAtMs;
  results.targets = evaluateTargets(results);

  const report = formatBenchReport(results);
  process.stdout.write(report);
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, 'latest.md'), report);
  await writeFile(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(stripSamples(results), null, 2)}\n`);
  log(`wrote ${join('bench', 'results', 'latest.md')} and latest.json`);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
