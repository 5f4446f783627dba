/**
 * The simulator and agt each run in their own child process (`node dist/src/main.js …`), so the load
 * generator, the upstream and the gateway do not share one event loop. Output goes to a log file in the
 * bench's temp dir (a pipe nobody reads would fill up and stall the child).
 */
import { execFileSync, spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <args>` with its output in `logPath`, then polls `readyUrl` until it answers 2xx
 * every `pollMs` (deadline `timeoutMs`). Resolves to a handle whose `stop()` sends SIGTERM and waits for the exit.
 */
export async function startChildProcess({ name, args, env, logPath, readyUrl, timeoutMs = 20_000, nodeOptions = [], pollMs = 50 }) {
  const logFd = openSync(logPath, 'a');
  const child = spawn(process.execPath, [...nodeOptions, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited early (${JSON.stringify(exited)}); log:\n${readLogTail(logPath)}`);
    try {
      const response = await request(readyUrl, { headersTimeout: 1_000, bodyTimeout: 1_000 });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready within ${timeoutMs} ms; log:\n${readLogTail(logPath)}`);
    }
    await sleep(pollMs);
  }

  return {
    name,
    pid: child.pid,
    logPath,
    async stop() {
      if (exited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exitPromise;
      clearTimeout(timer);
      return result;
    },
  };
}

export function readLogTail(logPath, characters = 4_000) {
  try {
    const text = readFileSync(logPath, 'utf8');
    return text.slice(-characters);
  } catch {
    return '(no log)';
  }
}

let clockTicksPerSecond = null;

/**
 * CPU time (user + system, ms) a process has used so far — all its threads — from /proc/<pid>/stat; with `thread`,
 * that thread's only (/proc/<pid>/task/<thread>/stat; the main thread's id is the pid). Null where there is no /proc.
 * Resolution is one clock tick (10 ms on Linux), fine for slices of seconds.
 */
export function readProcessCpuMs(pid, thread) {
  let text;
  try {
    text = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  } catch {
    return null;
  }
  if (clockTicksPerSecond === null) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / clockTicksPerSecond;
}
