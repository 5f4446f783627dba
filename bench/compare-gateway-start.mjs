#!/usr/bin/env node
/**
 * Gateway start of two builds in one run: `node bench/compare-gateway-start.mjs --base=DIR` (after `npm run build` here
 * and in DIR, another checkout of agt with its own `dist/` and `node_modules`). Each start is a fresh `agt serve` over
 * a data directory of 0 and of 10,000 account files (the same directories for both builds), spawn to the first 200
 * from /healthz, as bench/run.mjs measures it; the builds and sizes take turns in every repeat, so a burst of background
 * load hits both alike. Reports per build and size the median ready time (with min–max), the CPU agt used until ready
 * (all threads, from /proc; steadier than the time on a shared machine) and RSS at ready and 2 s later.
 *
 * Options: --base=DIR (required), --sizes=0,10000, --repeats=8. Google's endpoints point at a closed port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOnce, writeStartDataDir } from './lib/measure-gateway-start.mjs';
import { findFreePort } from './lib/start-child-process.mjs';
import { summarizeSamples } from './lib/summarize-samples.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const options = { base: null, sizes: [0, 10_000], repeats: 8 };
for (const flag of process.argv.slice(2)) {
  const [name, value = ''] = flag.split('=');
  if (name === '--base') options.base = resolve(value);
  else if (name === '--sizes') options.sizes = value.split(',').map(Number);
  else if (name === '--repeats') options.repeats = Number(value);
  else {
    console.error(`unknown option ${flag}`);
    process.exit(2);
  }
}
if (options.base === null) {
  console.error('usage: node bench/compare-gateway-start.mjs --base=DIR [--sizes=0,10000] [--repeats=8]');
  process.exit(2);
}

const builds = [
  { name: 'base', main: join(options.base, 'dist', 'src', 'main.js'), runs: new Map() },
  { name: 'this', main: join(ROOT, 'dist', 'src', 'main.js'), runs: new Map() },
];
const loadAtStart = os.loadavg();
const workDir = await mkdtemp(join(os.tmpdir(), 'agt-bench-start-compare-'));
try {
  const closedPort = await findFreePort();
  const dataDirs = [];
  for (const size of options.sizes) dataDirs.push({ size, dataDir: await writeStartDataDir(workDir, size) });
  for (let repeat = 0; repeat < options.repeats; repeat += 1) {
    for (const { size, dataDir } of dataDirs) {
      // Which build starts first alternates, so neither always follows the other's exit.
      const order = repeat % 2 === 0 ? builds : [...builds].reverse();
      for (const build of order) {
        process.stderr.write(`${build.name}, ${size} files (${repeat + 1}/${options.repeats})\n`);
        const run = await startOnce({ main: build.main, dataDir, workDir, closedPort });
        build.runs.set(size, [...(build.runs.get(size) ?? []), run]);
      }
    }
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}

const format = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
console.log(`Gateway start, ${options.repeats} fresh processes per build and size, interleaved; load average at start ${loadAtStart.map((value) => value.toFixed(2)).join(' / ')}, at end ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')}`);
console.log(`base: ${options.base}\n`);
console.log('| build | account files | ready ms, median (min–max) | CPU until ready ms, median | RSS at ready MiB, median | RSS after 2 s MiB, median (max) |');
console.log('|---|---|---|---|---|---|');
for (const size of options.sizes) {
  for (const build of builds) {
    const runs = build.runs.get(size) ?? [];
    const pick = (key) => summarizeSamples(runs.map((run) => run[key]));
    const ready = pick('readyMs');
    const after = pick('rssAfter2sMiB');
    console.log(`| ${build.name} | ${size.toLocaleString('en-US')} | ${format(ready.p50)} (${format(ready.min)}–${format(ready.max)}) | ${format(pick('cpuAtReadyMs').p50)} | ${format(pick('rssAtReadyMiB').p50, 1)} | ${format(after.p50, 1)} (${format(after.max, 1)}) |`);
  }
}
