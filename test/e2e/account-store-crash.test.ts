import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../src/accounts/index.js';
import type { AccountFile, UpsertInput } from '../../src/accounts/index.js';

/**
 * Real processes against one data directory: writers that get SIGKILLed at random moments (mid-lock, mid-write,
 * mid-rename), and a "CLI" and a "server" writing the same file at once. The writers import the BUILT store from
 * dist/, as `agt` does.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const distEntry = join(repoRoot, 'dist/src/accounts/index.js');
const writerScript = join(repoRoot, 'test/fixtures/account-store-writer.mjs');
const ROUNDS = 15;

function newestSourceMtime(): number {
  let newest = 0;
  for (const directory of ['src/accounts', 'src/shared']) {
    for (const name of readdirSync(join(repoRoot, directory))) {
      if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(repoRoot, directory, name)).mtimeMs);
    }
  }
  return newest;
}

beforeAll(() => {
  if (existsSync(distEntry) && statSync(distEntry).mtimeMs >= newestSourceMtime()) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (error) {
    // Type errors elsewhere in the project still emit JavaScript; only a missing store build is fatal here.
    if (!existsSync(distEntry)) throw error;
  }
}, 180_000);

interface Writer {
  name: string;
  child: ChildProcess;
  acks: number;
  disabledAcked: boolean;
  done: boolean;
  ready: boolean;
  firstAckAt: number;
  lastAckAt: number;
  stderr: string;
  exited: Promise<void>;
}

const running = new Set<ChildProcess>();

/** Polls until every writer has printed `ready` (it waits at its start barrier), with a deadline. */
async function waitForReady(writers: Writer[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!writers.every((writer) => writer.ready)) {
    if (Date.now() > deadline) throw new Error(`writers never got ready: ${writers.map((writer) => writer.stderr).join(' ')}`);
    await new Promise((resolvePoll) => setTimeout(resolvePoll, 10));
  }
}
/** Highest acknowledged value per `<id> <field>`. */
const acknowledged = new Map<string, number>();

function spawnWriter(name: string, dataDir: string, extra: string[]): Writer {
  const child = spawn(process.execPath, [writerScript, `--dist=${distEntry}`, `--data-dir=${dataDir}`, `--writer=${name}`, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const writer: Writer = {
    name,
    child,
    acks: 0,
    disabledAcked: false,
    done: false,
    ready: false,
    firstAckAt: 0,
    lastAckAt: 0,
    stderr: '',
    // 'close', not 'exit': every line the writer printed has been read by then.
    exited: new Promise((resolveExit) => child.once('close', () => resolveExit())),
  };
  void writer.exited.then(() => running.delete(child));
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [kind, id, field, value] = line.split(' ');
      if (kind === 'ack') {
        const key = `${id} ${field}`;
        acknowledged.set(key, Math.max(acknowledged.get(key) ?? 0, Number(value)));
        writer.acks += 1;
        writer.lastAckAt = Date.now();
        if (writer.firstAckAt === 0) writer.firstAckAt = writer.lastAckAt;
      } else if (kind === 'ack-disabled') {
        writer.disabledAcked = true;
      } else if (kind === 'done') {
        writer.done = true;
      } else if (kind === 'ready') {
        writer.ready = true;
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    writer.stderr += chunk;
  });
  return writer;
}

async function pollUntil(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

function randomBetween(low: number, high: number): number {
  return low + Math.floor(Math.random() * (high - low + 1));
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (child.pid === undefined) throw new Error('could not spawn');
  return child.pid;
}

function buildInput(email: string): UpsertInput {
  return {
    email,
    name: email,
    token: { access_token: `sim-at-${email}`, refresh_token: `sim-rt-${email}`, expires_in: 3599, expiry_timestamp: 2_000_000_000 },
  };
}

function readCounter(account: AccountFile, field: string): number {
  const value = account[field];
  return typeof value === 'number' ? value : 0;
}

let dataDir: string;

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('account store under real processes', () => {
  it(`survives ${ROUNDS} rounds of writers SIGKILLed at random moments`, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'agt-crash-'));
    const store = new AccountStore({ dataDir });
    await store.init();
    const ids: string[] = [];
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      ids.push((await store.upsertByEmail(buildInput(email))).account.id);
    }
    const previousValues = new Map<string, number>();

    for (let round = 1; round <= ROUNDS; round += 1) {
      // Between rounds nothing runs: reset the disables so each round's disable has something to prove.
      for (const id of ids) {
        await store.update(id, (account) => {
          account.disabled = false;
          delete account.disabled_at;
          delete account.disabled_reason;
        });
      }
      const target = ids[round % ids.length];
      const writers = [0, 1, 2].map((number) =>
        spawnWriter(
          `w${number}`,
          dataDir,
          number === 0 ? [`--ids=${ids.join(',')}`, `--disable=${target}`, `--disable-after=${randomBetween(1, 4)}`] : [`--ids=${ids.join(',')}`],
        ),
      );
      await pollUntil(() => writers.every((writer) => writer.acks >= 2) && writers[0].disabledAcked, `round ${round} writers to start`);

      // First wave: kill one or two writers at random moments; the rest must keep going (stale locks get stolen).
      const order = [...writers].sort(() => Math.random() - 0.5);
      const firstWave = order.slice(0, randomBetween(1, 2));
      const survivors = order.slice(firstWave.length);
      for (const writer of firstWave) {
        await delay(randomBetween(0, 40));
        writer.child.kill('SIGKILL');
      }
      await Promise.all(firstWave.map((writer) => writer.exited));
      const marks = survivors.map((writer) => writer.acks);
      await pollUntil(() => survivors.every((writer, position) => writer.acks >= marks[position] + 3), `round ${round} survivors to progress`);
      for (const writer of survivors) {
        await delay(randomBetween(0, 40));
        writer.child.kill('SIGKILL');
      }
      await Promise.all(writers.map((writer) => writer.exited));

      for (const writer of writers) expect(writer.stderr, `${writer.name} stderr in round ${round}`).toBe('');
      const { accounts, problems } = await store.loadAll();
      expect(problems, `round ${round}`).toEqual([]);
      expect(accounts.map((account) => account.id).sort()).toEqual([...ids].sort());
      const byId = new Map(accounts.map((account) => [account.id, account]));
      for (const [key, ackedValue] of acknowledged) {
        const [id, field] = key.split(' ');
        const value = readCounter(byId.get(id) as AccountFile, field);
        // The baseline is what this round started from: the acknowledged value, or the value found on disk after
        // the previous round (which may include that round's one in-flight write, never acknowledged).
        const baseline = Math.max(ackedValue, previousValues.get(key) ?? 0);
        // Only this writer increments this field: at most its one in-flight, unacknowledged write may have landed.
        expect(value, `${key} in round ${round}`).toBeGreaterThanOrEqual(ackedValue);
        expect(value, `${key} in round ${round}`).toBeLessThanOrEqual(baseline + 1);
        expect(value, `${key} went backwards in round ${round}`).toBeGreaterThanOrEqual(previousValues.get(key) ?? 0);
        previousValues.set(key, value);
      }
      expect(byId.get(target)?.disabled, `acknowledged disable of ${target} in round ${round}`).toBe(true);
      expect(byId.get(target)?.disabled_reason).toMatch(/^invalid_grant: /);
      for (const id of ids) expect((await stat(join(store.accountsDir, `${id}.json`))).mode & 0o777).toBe(0o600);
    }

    // Whatever locks the last kills left behind, a new writer gets through all files.
    const finisher = spawnWriter('finisher', dataDir, [`--ids=${ids.join(',')}`, '--count=9']);
    await finisher.exited;
    expect(finisher.stderr).toBe('');
    expect(finisher.done).toBe(true);
    const index = await store.readIndex();
    expect(index.accounts.map((entry) => entry.id).sort()).toEqual([...ids].sort());
  }, 120_000);

  it('a CLI and a running server writing the same file concurrently lose no field', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'agt-cli-server-'));
    try {
      const store = new AccountStore({ dataDir: directory });
      await store.init();
      const { account } = await store.upsertByEmail(buildInput('shared@example.com'));
      // A lock left by a process that died: both must get past it.
      await writeFile(
        join(store.accountsDir, `${account.id}.json.lock`),
        JSON.stringify({ pid: deadPid(), hostname: hostname(), acquiredAt: Date.now(), nonce: 'dead' }),
      );
      // Both start together behind a barrier, so they really write at the same time even on a loaded machine.
      const go = join(directory, 'go');
      // ... and meet halfway, so each has written before the other finishes even if the scheduler runs one at a time.
      const serverHalf = join(directory, 'server-halfway');
      const cliHalf = join(directory, 'cli-halfway');
      const server = spawnWriter('server', directory, [`--ids=${account.id}`, '--count=100', '--refresh', `--wait-for=${go}`, `--halfway-mark=${serverHalf}`, `--halfway-wait=${cliHalf}`]);
      const cli = spawnWriter('cli', directory, [`--ids=${account.id}`, '--count=100', `--wait-for=${go}`, `--halfway-mark=${cliHalf}`, `--halfway-wait=${serverHalf}`]);
      await waitForReady([server, cli]);
      await writeFile(go, '');
      await Promise.all([server.exited, cli.exited]);
      expect(server.stderr).toBe('');
      expect(cli.stderr).toBe('');
      expect(server.done && cli.done).toBe(true);
      // They really overlapped in time.
      expect(server.firstAckAt).toBeLessThan(cli.lastAckAt);
      expect(cli.firstAckAt).toBeLessThan(server.lastAckAt);

      const final = await store.read(account.id);
      expect(final).toMatchObject({ server_count: 100, cli_count: 100, email: 'shared@example.com' });
      expect(final?.token.access_token).toBe('sim-at-server-100');
      expect(final?.token.refresh_token).toBe('sim-rt-shared@example.com');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
