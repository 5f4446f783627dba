#!/usr/bin/env node
/**
 * What Fastify costs per small request against node:http alone: `node bench/measure-fastify-overhead.mjs
 * [--concurrency=16] [--slices=10] [--slice-seconds=1]`. Three servers (lib/fastify-overhead-server.mjs, each in its
 * own process) answer the same small chat request; the load goes to them in interleaved slices, and each server's CPU
 * per request is read from /proc. The difference is the most a hot path on raw node:http could save agt per request
 * (it would still run the front door's checks). Traffic goes to 127.0.0.1 only; every loop is bounded by a deadline.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { measureThroughput } from './lib/http-load.mjs';
import { findFreePort, readProcessCpuMs } from './lib/start-child-process.mjs';

const options = { concurrency: 16, slices: 10, sliceSeconds: 1 };
for (const flag of process.argv.slice(2)) {
  const [name, value = ''] = flag.split('=');
  if (name === '--concurrency') options.concurrency = Number(value);
  else if (name === '--slices') options.slices = Number(value);
  else if (name === '--slice-seconds') options.sliceSeconds = Number(value);
  else {
    console.error(`unknown option ${flag}`);
    process.exit(2);
  }
}

const KINDS = ['raw', 'fastify-async', 'fastify-callback'];
const serverModule = join(dirname(fileURLToPath(import.meta.url)), 'lib', 'fastify-overhead-server.mjs');
const body = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Benchmark request: please answer with a short friendly greeting.' }] });
const loadAtStart = os.loadavg();
const servers = [];
try {
  for (const kind of KINDS) {
    const port = await findFreePort();
    const child = spawn(process.execPath, [serverModule, kind, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
    servers.push({ kind, port, child });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ready = await request(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        .then(async (response) => (await response.body.text(), response.statusCode === 200))
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the ${kind} server did not start`);
      await sleep(50);
    }
  }
  const scenarios = servers.map(({ kind, port }) => ({
    name: kind,
    origin: `http://127.0.0.1:${port}`,
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    buildBody: () => body,
    check: (text) => text.includes('Echo: '),
  }));
  const rows = await measureThroughput({
    scenarios,
    concurrency: options.concurrency,
    slices: options.slices,
    sliceMs: options.sliceSeconds * 1000,
    warmupMs: 2000,
    maxRequests: 1_000_000,
    readCpu: () => Object.fromEntries(servers.map(({ kind, child }) => [kind, readProcessCpuMs(child.pid)])),
    settle: () => sleep(100),
  });
  const raw = rows[0].cpuMsPerRequest.raw;
  const lines = [
    `# Fastify against node:http, small chat requests — ${new Date().toISOString()}`,
    '',
    `- ${os.cpus().length} cores, Node ${process.version}; load average at the start ${loadAtStart.map((value) => value.toFixed(2)).join(' / ')}`,
    `- Command: \`node bench/measure-fastify-overhead.mjs ${process.argv.slice(2).join(' ')}\``,
    `- c=${options.concurrency}, ${options.slices} interleaved slices of ${options.sliceSeconds} s per server`,
    '',
    '| server | requests/s | server CPU ms / request | more than node:http | errors |',
    '|---|---|---|---|---|',
    ...rows.map((row) => {
      const cpu = row.cpuMsPerRequest[row.name];
      return `| ${row.name} | ${Math.round(row.requestsPerSecond)} | ${cpu.toFixed(4)} | ${row.name === 'raw' ? '–' : `+${(cpu - raw).toFixed(4)} ms`} | ${row.errors} |`;
    }),
    '',
    `Load average at the end: ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const { child } of servers) child.kill('SIGTERM');
}
