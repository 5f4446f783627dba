import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const execFileAsync = promisify(execFile);

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI_ENTRY = join(REPO_ROOT, 'dist', 'src', 'main.js');

export function assertBuilt(): void {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
}

const temporaryDirectories: string[] = [];

/** Removes the directories `makeDataDir` made for this test file (runs after the file's own afterAll hooks). */
afterAll(async () => {
  await Promise.all(temporaryDirectories.splice(0).map((directory) => removeDirectory(directory)));
});

/** Deletes a test directory; a child process still writing into it may race the first attempt. */
export async function removeDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
}

/** A fresh directory under the system temp dir, deleted when the test file finishes. */
export async function makeDataDir(prefix = 'agt-test-'): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  temporaryDirectories.push(directory);
  return directory;
}

/** Polls `check` until it returns a truthy value or the deadline passes (no fixed sleeps). */
export async function waitFor<T>(check: () => T | Promise<T>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? 'a condition'}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((done) => setTimeout(done, options.intervalMs ?? 25));
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `agt` CLI (built) as a child process. */
export async function runAgt(args: string[], env: Record<string, string>): Promise<CliResult> {
  assertBuilt();
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI_ENTRY, ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  output: () => string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `agt serve` as a real child process on a free port and waits for its banner (`entry`: another build's main.js). */
export async function startAgtServer(dataDir: string, env: Record<string, string>, extraArgs: string[] = [], entry = CLI_ENTRY): Promise<ServerProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, 'serve', '--port', '0', ...extraArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const match = await waitFor(
    () => {
      if (exited) throw new Error(`agt serve exited early:\n${text}`);
      // The banner's last line ends the start-up output: wait for it, not just the first line.
      return /agt listening on (http:\/\/[^\s]+)[\s\S]*\ndashboard login[^\n]*\n/.exec(text);
    },
    { timeoutMs: 20_000, what: 'agt serve to start' },
  );
  return {
    baseUrl: match[1],
    child,
    output: () => text,
    waitForOutput: async (pattern, timeoutMs = 10_000) => (await waitFor(() => pattern.exec(text), { timeoutMs, what: `output ${pattern}` }))[0],
    stop: async () => {
      if (exited) return;
      const done = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await done;
    },
  };
}

export async function readAccountFiles(dataDir: string): Promise<Array<Record<string, unknown> & { id: string; email: string }>> {
  const directory = join(dataDir, 'accounts');
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(directory, name), 'utf8'))));
}

export async function readAccountByEmail(dataDir: string, email: string): Promise<Record<string, unknown> & { id: string }> {
  const account = (await readAccountFiles(dataDir)).find((candidate) => candidate.email === email);
  if (!account) throw new Error(`no account file for ${email}`);
  return account;
}
