#!/usr/bin/env node
/**
 * `node bench/measure-body-memory.mjs` (after `npm run build`): what large request bodies cost agt.
 *
 * 1. Peak memory: 8 concurrent bodies of the maximum size (ABV_MAX_BODY_SIZE, default 32 MiB) sent at once to
 *    `POST /v1/chat/completions`, against agt with the default in-flight budget (AGT_MAX_BODY_BYTES_IN_FLIGHT, four
 *    maximum-size bodies) and against agt with a budget large enough for all eight, each in a fresh process. Peak
 *    RSS is the kernel's high-water mark (VmHWM in /proc/<pid>/status) minus nothing: the idle RSS is printed beside.
 * 2. Time for one 12 MB body of multi-byte text (CJK, 3 bytes a character): through agt vs the same upstream call
 *    straight to the simulator, interleaved round by round, as a ratio of medians in the same run.
 *
 * Options: --quick (fewer rounds, smaller bodies; numbers not quotable). Writes bench/results/body-memory.md.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { startBenchStack } from './lib/start-bench-stack.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'src');
const MODEL = 'gemini-2.5-flash';
const MiB = 1024 * 1024;
const quick = process.argv.includes('--quick');
const CONCURRENT = 8;
const MAX_BODY = quick ? 4 * MiB : 32 * MiB;
const MULTIBYTE_BYTES = quick ? 2_000_000 : 12_000_000;
const TIMING_ROUNDS = quick ? 3 : 7;

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function readStatusKiB(pid, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

const mib = (kib) => (kib / 1024).toFixed(0);

/**
 * An OpenAI chat body of exactly `bytes` bytes, most of it one base64 image (what makes real bodies big: pasted
 * screenshots and documents). The simulator answers such a request in a few bytes, so what is measured is the
 * cost of the request, not of echoing it back.
 */
function chatBodyOfSize(bytes) {
  const build = (data) =>
    JSON.stringify({
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } }] }],
    });
  const padding = bytes - Buffer.byteLength(build(''));
  return build('QUJD'.repeat(Math.floor(padding / 4)) + 'A'.repeat(padding % 4));
}

async function post(url, body, headers = {}) {
  const started = performance.now();
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    headersTimeout: 300_000,
    bodyTimeout: 300_000,
  });
  await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
  return { status: response.statusCode, ms: performance.now() - started };
}

async function measurePeak(label, agtEnv) {
  const stack = await startBenchStack({ root: ROOT, dist: DIST, accounts: 2, enableLogging: true, agtEnv });
  try {
    const pid = stack.agt.pid;
    // Warm up the route (code paths compiled, pools open) with a small body.
    for (let index = 0; index < 5; index++) await post(`${stack.agtUrl}/v1/chat/completions`, chatBodyOfSize(10_000));
    const idle = readStatusKiB(pid, 'VmRSS');
    const body = Buffer.from(chatBodyOfSize(MAX_BODY - 1024));
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: CONCURRENT }, () => post(`${stack.agtUrl}/v1/chat/completions`, body)));
    const seconds = (performance.now() - started) / 1000;
    const peak = readStatusKiB(pid, 'VmHWM');
    const after = readStatusKiB(pid, 'VmRSS');
    const statuses = {};
    for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1;
    log(`${label}: idle ${mib(idle)} MiB, peak ${mib(peak)} MiB, after ${mib(after)} MiB, statuses ${JSON.stringify(statuses)}, ${seconds.toFixed(1)} s`);
    return { label, idleMiB: Number(mib(idle)), peakMiB: Number(mib(peak)), afterMiB: Number(mib(after)), statuses, seconds };
  } finally {
    await stack.stop();
    await rm(stack.workDir, { recursive: true, force: true });
  }
}

async function measureMultibyteTiming() {
  const stack = await startBenchStack({ root: ROOT, dist: DIST, accounts: 2, enableLogging: true });
  try {
    const { parseOpenAIChatRequest, convertOpenAIRequestToGemini } = await import(join(DIST, 'protocols/openai/index.js'));
    const unit = '日本語のテキストを送ります。';
    const text = unit.repeat(Math.ceil(MULTIBYTE_BYTES / Buffer.byteLength(unit)));
    const openAIBody = { model: MODEL, messages: [{ role: 'user', content: text }] };
    const agtBody = JSON.stringify(openAIBody);
    const converted = convertOpenAIRequestToGemini(parseOpenAIChatRequest(JSON.parse(agtBody)));
    const directBody = JSON.stringify({
      project: stack.direct.projectId,
      requestId: 'agent/bench/1',
      request: converted.request,
      model: MODEL,
      userAgent: 'antigravity',
      requestType: 'agent',
    });
    const direct = [];
    const agt = [];
    for (let round = 0; round < TIMING_ROUNDS; round++) {
      const viaDirect = await post(`${stack.simulatorUrl}/v1internal:streamGenerateContent?alt=sse`, directBody, { authorization: `Bearer ${stack.direct.accessToken}` });
      const viaAgt = await post(`${stack.agtUrl}/v1/chat/completions`, agtBody);
      if (viaDirect.status !== 200 || viaAgt.status !== 200) throw new Error(`round ${round}: direct ${viaDirect.status}, agt ${viaAgt.status}`);
      direct.push(viaDirect.ms);
      agt.push(viaAgt.ms);
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const result = { bodyBytes: Buffer.byteLength(agtBody), rounds: TIMING_ROUNDS, directMs: median(direct), agtMs: median(agt) };
    result.ratio = result.agtMs / result.directMs;
    log(`${(result.bodyBytes / 1e6).toFixed(1)} MB multi-byte body: direct ${result.directMs.toFixed(0)} ms, agt ${result.agtMs.toFixed(0)} ms, ratio ${result.ratio.toFixed(2)}`);
    return result;
  } finally {
    await stack.stop();
    await rm(stack.workDir, { recursive: true, force: true });
  }
}

const peaks = [
  await measurePeak(`default budget (${(4 * MAX_BODY) / MiB} MiB in flight)`, { ABV_MAX_BODY_SIZE: String(MAX_BODY) }),
  await measurePeak(`budget for all ${CONCURRENT} (${(CONCURRENT * MAX_BODY) / MiB} MiB in flight)`, {
    ABV_MAX_BODY_SIZE: String(MAX_BODY),
    AGT_MAX_BODY_BYTES_IN_FLIGHT: String(CONCURRENT * MAX_BODY),
  }),
];
const timing = await measureMultibyteTiming();

const lines = [
  `# Request-body memory and time (${new Date().toISOString()})`,
  '',
  `Command: \`node bench/measure-body-memory.mjs${quick ? ' --quick' : ''}\` · ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}, load ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}`,
  '',
  `${CONCURRENT} concurrent bodies of ${MAX_BODY / MiB} MiB to \`POST /v1/chat/completions\`:`,
  '',
  '| agt | idle RSS | peak RSS | RSS after | answers | wall time |',
  '|---|---|---|---|---|---|',
  ...peaks.map((peak) => `| ${peak.label} | ${peak.idleMiB} MiB | ${peak.peakMiB} MiB | ${peak.afterMiB} MiB | ${Object.entries(peak.statuses).map(([status, count]) => `${count}× ${status}`).join(', ')} | ${peak.seconds.toFixed(1)} s |`),
  '',
  `One ${(timing.bodyBytes / 1e6).toFixed(1)} MB body of multi-byte text, median of ${timing.rounds} interleaved rounds: direct to the simulator ${timing.directMs.toFixed(0)} ms, through agt ${timing.agtMs.toFixed(0)} ms — **ratio ${timing.ratio.toFixed(2)}**.`,
  '',
];
const report = lines.join('\n');
process.stdout.write(`${report}\n`);
await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
await writeFile(join(ROOT, 'bench', 'results', 'body-memory.md'), report);
