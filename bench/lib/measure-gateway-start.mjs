/**
 * How long `agt serve` takes to become ready, and how much memory it holds, over a data directory of `size` account
 * files (fresh tokens, project ids set), against an empty data directory in the same run. Each start is a fresh
 * child process: the time runs from spawn to the first 200 from /healthz (the server listens only once the pool is
 * loaded), polled every 5 ms; RSS is read at that moment (VmRSS and the high-water mark VmHWM) and again 2 s later,
 * once the background work after start (model catalogue fetches, the watcher) has run. Google's endpoints point at a
 * closed port: nothing leaves the machine and no account is disabled by the bench.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { writeAccountFiles } from './measure-pool-selection.mjs';
import { readPeakRssMiB } from './measure-client-bodies.mjs';
import { findFreePort, readProcessCpuMs, startChildProcess } from './start-child-process.mjs';
import { summarizeSamples } from './summarize-samples.mjs';

/** One fresh `agt serve` over `dataDir`: ready time, the CPU it used until then (all threads), RSS at ready and 2 s later. */
export async function startOnce({ main, dataDir, workDir, closedPort, holdMs = 2_000 }) {
  const port = await findFreePort();
  const started = performance.now();
  const agt = await startChildProcess({
    name: 'agt (start)',
    args: [main, '--data-dir', dataDir, 'serve', '--port', String(port)],
    env: { AGT_GOOGLE_BASE_URL: `http://127.0.0.1:${closedPort}`, ABV_AUTH_MODE: 'off', AGT_LOG_LEVEL: 'warn' },
    logPath: join(workDir, 'agt-start.log'),
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    pollMs: 5,
    timeoutMs: 60_000,
  });
  const readyMs = performance.now() - started;
  try {
    const atReady = readPeakRssMiB(agt.pid);
    const cpuAtReadyMs = readProcessCpuMs(agt.pid);
    const health = await request(`http://127.0.0.1:${port}/healthz`);
    const eligible = (await health.body.json()).accounts?.eligible;
    await sleep(holdMs);
    const after = readPeakRssMiB(agt.pid);
    return { readyMs, cpuAtReadyMs, rssAtReadyMiB: atReady.current, peakAtReadyMiB: atReady.peak, rssAfter2sMiB: after.current, peakAfter2sMiB: after.peak, eligible };
  } finally {
    await agt.stop();
  }
}

/** A data directory of `size` account files (fresh tokens, project ids set) under `workDir`; returns its path. */
export async function writeStartDataDir(workDir, size) {
  const dataDir = join(workDir, `data-${size}`);
  await mkdir(join(dataDir, 'accounts'), { recursive: true, mode: 0o700 });
  await writeFile(join(dataDir, 'gui_config.json'), JSON.stringify({ proxy: { auth_mode: 'off', enable_logging: true } }, null, 2), { mode: 0o600 });
  await writeAccountFiles(join(dataDir, 'accounts'), size);
  return dataDir;
}

/**
 * @param {{ root: string, sizes: number[], repeats: number, log: (message: string) => void }} options
 */
export async function measureGatewayStart({ root, sizes, repeats, log }) {
  const main = join(root, 'dist', 'src', 'main.js');
  const workDir = await mkdtemp(join(tmpdir(), 'agt-bench-start-'));
  const closedPort = await findFreePort();
  const results = [];
  try {
    const dataDirs = [];
    for (const size of sizes) dataDirs.push({ size, dataDir: await writeStartDataDir(workDir, size), runs: [] });
    // Interleaved: every size once per repeat, so a busy moment on the machine hits all sizes alike.
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      for (const entry of dataDirs) {
        log(`gateway start with ${entry.size.toLocaleString('en-US')} account files (${repeat + 1}/${repeats})`);
        entry.runs.push(await startOnce({ main, dataDir: entry.dataDir, workDir, closedPort }));
      }
    }
    for (const { size, runs } of dataDirs) {
      const pick = (key) => summarizeSamples(runs.map((run) => run[key]));
      results.push({
        accounts: size,
        repeats: runs.length,
        readyMs: pick('readyMs'),
        rssAtReadyMiB: pick('rssAtReadyMiB'),
        peakAtReadyMiB: pick('peakAtReadyMiB'),
        rssAfter2sMiB: pick('rssAfter2sMiB'),
        peakAfter2sMiB: pick('peakAfter2sMiB'),
        eligible: runs[0]?.eligible,
        runs,
      });
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return results;
}
