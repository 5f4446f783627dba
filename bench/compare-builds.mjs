#!/usr/bin/env node
/**
 * Small bodies through two builds of agt in one run: `node bench/compare-builds.mjs --base=DIR` (after `npm run build`
 * here and in DIR, another checkout of agt with its own `dist/` and `node_modules`). Each build runs as its own
 * simulator + agt pair; the load generator sends `/v1/chat/completions` (plain and streaming) to both and the direct
 * upstream call to the simulator, in interleaved slices, so a burst of background load hits every path alike: on a
 * shared machine, two separate bench runs minutes apart differ by more than the change being measured.
 *
 * Options: --base=DIR (required), --concurrency=16,64, --slices=8, --slice-seconds=1, --warmup-seconds=3.
 * Prints a markdown table: requests/s as a ratio of direct, and agt's CPU per request (all slices, and the median
 * slice, steadier under background load). Traffic goes to 127.0.0.1 only; every loop is bounded by a deadline.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { measureThroughput } from './lib/http-load.mjs';
import { startBenchStack } from './lib/start-bench-stack.mjs';
import { readProcessCpuMs } from './lib/start-child-process.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = 'gemini-2.5-flash';
const PROMPT = 'Benchmark request: please answer with a short friendly greeting.';

const options = { base: null, concurrency: [16, 64], slices: 8, sliceSeconds: 1, warmupSeconds: 3 };
for (const flag of process.argv.slice(2)) {
  const [name, value = ''] = flag.split('=');
  if (name === '--base') options.base = resolve(value);
  else if (name === '--concurrency') options.concurrency = value.split(',').map(Number);
  else if (name === '--slices') options.slices = Number(value);
  else if (name === '--slice-seconds') options.sliceSeconds = Number(value);
  else if (name === '--warmup-seconds') options.warmupSeconds = Number(value);
  else {
    console.error(`unknown option ${flag}`);
    process.exit(2);
  }
}
if (options.base === null) {
  console.error('usage: node bench/compare-builds.mjs --base=DIR [--concurrency=16,64] [--slices=8] [--slice-seconds=1] [--warmup-seconds=3]');
  process.exit(2);
}

const builds = [
  { name: 'base', root: options.base },
  { name: 'this', root: ROOT },
];
const loadAtStart = os.loadavg();
const stacks = [];
try {
  for (const build of builds) {
    stacks.push(await startBenchStack({ root: build.root, dist: join(build.root, 'dist', 'src'), accounts: 3, enableLogging: true }));
  }
  const dist = join(ROOT, 'dist', 'src');
  const { parseOpenAIChatRequest, convertOpenAIRequestToGemini } = await import(join(dist, 'protocols/openai/index.js'));
  const { DEFAULT_USER_AGENT } = await import(join(dist, 'google/index.js'));
  const openAIBody = { model: MODEL, messages: [{ role: 'user', content: PROMPT }] };
  const converted = convertOpenAIRequestToGemini(parseOpenAIChatRequest(JSON.parse(JSON.stringify(openAIBody))));
  const first = await fetch(`${stacks[1].agtUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openAIBody) });
  await first.text();
  const upstreamModel = first.headers.get('x-agt-mapped-model');
  if (first.status !== 200 || !upstreamModel) throw new Error(`agt answered HTTP ${first.status} without x-agt-mapped-model`);
  const json = { 'content-type': 'application/json' };
  let sequence = 0;
  const directStack = stacks[1];
  const direct = {
    name: 'direct',
    origin: directStack.simulatorUrl,
    path: '/v1internal:streamGenerateContent?alt=sse',
    headers: { ...json, authorization: `Bearer ${directStack.direct.accessToken}`, 'user-agent': DEFAULT_USER_AGENT, accept: 'text/event-stream' },
    buildBody: () =>
      JSON.stringify({ project: directStack.direct.projectId, requestId: `agent/${Date.now()}/${(sequence += 1).toString(16)}`, request: converted.request, model: upstreamModel, userAgent: 'antigravity', requestType: 'agent' }),
    check: (text) => text.includes('"finishReason":"STOP"'),
  };
  const agtScenario = (index, stream) => ({
    name: `${builds[index].name}${stream ? ' stream' : ''}`,
    stack: index,
    origin: stacks[index].agtUrl,
    path: '/v1/chat/completions',
    headers: json,
    buildBody: () => JSON.stringify(stream ? { ...openAIBody, stream: true } : openAIBody),
    check: (text) => (stream ? text.trimEnd().endsWith('data: [DONE]') : text.includes('Echo: ')),
  });
  const scenarios = [direct, agtScenario(0, false), agtScenario(1, false), agtScenario(0, true), agtScenario(1, true)];
  const readCpu = () => Object.fromEntries(stacks.map((stack, index) => [`agt${index}`, readProcessCpuMs(stack.agt.pid)]));
  const settle = () => sleep(150);

  const lines = [
    `# Small bodies, two builds in one run — ${new Date().toISOString()}`,
    '',
    `- base: ${options.base}; this: ${ROOT}; ${os.cpus().length} cores, Node ${process.version}`,
    `- Load average at the start: ${loadAtStart.map((value) => value.toFixed(2)).join(' / ')}`,
    `- Command: \`node bench/compare-builds.mjs ${process.argv.slice(2).join(' ')}\``,
    `- ${options.slices} interleaved slices of ${options.sliceSeconds} s per path and concurrency, after ${options.warmupSeconds} s of warm-up each; request log on.`,
    '',
    '| concurrency | path | requests/s | vs direct | agt CPU ms / request (all slices) | median slice | errors |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const concurrency of options.concurrency) {
    process.stderr.write(`[compare] concurrency ${concurrency}\n`);
    const rows = await measureThroughput({
      scenarios,
      concurrency,
      slices: options.slices,
      sliceMs: options.sliceSeconds * 1000,
      warmupMs: options.warmupSeconds * 1000,
      maxRequests: 1_000_000,
      readCpu,
      settle,
    });
    const directRate = rows[0].requestsPerSecond;
    rows.forEach((row, index) => {
      const scenario = scenarios[index];
      const key = scenario.stack === undefined ? null : `agt${scenario.stack}`;
      const perSlice = key === null ? [] : row.slices.map((slice) => slice.cpuMs[key] / Math.max(1, slice.completed - slice.errors)).sort((a, b) => a - b);
      const median = perSlice.length === 0 ? null : perSlice[Math.floor(perSlice.length / 2)];
      lines.push(
        `| ${concurrency} | ${row.name} | ${Math.round(row.requestsPerSecond)} | ${((100 * row.requestsPerSecond) / directRate).toFixed(1)} % | ${key === null ? '–' : row.cpuMsPerRequest[key].toFixed(3)} | ${median === null ? '–' : median.toFixed(3)} | ${row.errors} |`,
      );
    });
  }
  lines.push('', `Load average at the end: ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')}`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const stack of stacks) {
    await stack.stop();
    await rm(stack.workDir, { recursive: true, force: true });
  }
}
