import { spawn } from 'node:child_process';

export interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run in milliseconds. */
  ms: number;
}

export interface RunClientOptions {
  binary: string;
  args: string[];
  cwd: string;
  home: string;
  /** Variables on top of the clean base (PATH, HOME, LANG, TERM, NO_COLOR and the tripwire proxy variables). */
  env: Record<string, string>;
  proxyEnv: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs one real client non-interactively with a clean environment: nothing of the developer's or CI's environment
 * (their API keys, their config) reaches it, only PATH, a temporary HOME, the proxy variables that catch outside
 * traffic, and what the test passes. Standard input is closed. A run that outlives its timeout is killed (its whole
 * process group) and reported, not left behind.
 */
export async function runClient(options: RunClientOptions): Promise<ClientRun> {
  const started = Date.now();
  const child = spawn(options.binary, options.args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: options.home,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      ...options.proxyEnv,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  }, options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
  clearTimeout(timer);
  if (timedOut) stderr += `\n[client suite: killed after ${options.timeoutMs ?? 120_000} ms]`;
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** The JSON values of a JSON-lines output, skipping lines that are not JSON (banners, warnings). */
export function parseJsonLines(text: string): Array<Record<string, unknown>> {
  const values: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      values.push(JSON.parse(trimmed) as Record<string, unknown>);
    } catch {
      // not a JSON line
    }
  }
  return values;
}
