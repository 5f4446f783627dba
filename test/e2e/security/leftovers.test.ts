import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { chmod, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../../src/simulator/index.js';
import { makeDataDir, runAgt, startAgtServer, type ServerProcess } from '../../support/e2e-helpers.js';

/**
 * What a SIGKILL mid-write leaves in accounts/ — temp copies of account files (tokens included) and lock files — is
 * removed when agt starts, however fresh, as long as no live process holds it; what a live process holds stays.
 * A data directory other users can read gets a warning at start (once the gateway serves).
 */

/** The pid of a process that has exited (spawned and waited for). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

const lockContent = (pid: number) => JSON.stringify({ pid, hostname: hostname(), acquiredAt: Date.now(), nonce: `n${pid}` });

describe('leftovers and permissions at start', () => {
  let simulator: GoogleSimulator;
  let server: ServerProcess | undefined;
  let dataDir: string;
  let accountFile: string;

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dataDir = await makeDataDir();
    const { refreshToken } = simulator.state.createAccount({ email: 'kept@example.com' });
    const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', refreshToken], { AGT_GOOGLE_BASE_URL: simulator.url });
    expect(added.code, added.stderr).toBe(0);
    accountFile = (await readdir(join(dataDir, 'accounts'))).find((name) => name.endsWith('.json')) as string;
  });

  afterAll(async () => {
    await server?.stop();
    await simulator?.close();
  });

  it('removes fresh leftovers of dead writers, keeps what live processes hold, and warns about loose permissions', { timeout: 60_000 }, async () => {
    const accounts = join(dataDir, 'accounts');
    const dead = await deadPid();
    const live = process.pid;
    const leftovers = [
      `${accountFile}.tmp-${dead}-a1b2c3`,
      `${accountFile}.lock.tmp-${dead}-d4e5f6`,
      `${accountFile}.lock.stale-${dead}-0a0b0c`,
    ];
    for (const name of leftovers) await writeFile(join(accounts, name), '{"refresh_token":"1//leftover-token"}', { mode: 0o600 });
    await writeFile(join(accounts, 'other.json.lock'), lockContent(dead), { mode: 0o600 });
    await writeFile(join(dataDir, 'accounts.upsert.lock'), lockContent(dead), { mode: 0o600 });
    // A write in progress in another live process, and the lock it holds.
    const liveTemp = `${accountFile}.tmp-${live}-abcdef`;
    await writeFile(join(accounts, liveTemp), '{}', { mode: 0o600 });
    await writeFile(join(accounts, `${accountFile}.lock`), lockContent(live), { mode: 0o600 });
    // An old leftover whose owner cannot be told.
    await writeFile(join(accounts, `${accountFile}.tmp.legacy`), '{}', { mode: 0o600 });
    const old = new Date(Date.now() - 60 * 60_000);
    await utimes(join(accounts, `${accountFile}.tmp.legacy`), old, old);
    // Loose permissions, as an old umask or another tool leaves them.
    await chmod(dataDir, 0o755);
    await chmod(join(accounts, accountFile), 0o644);

    server = await startAgtServer(dataDir, { AGT_GOOGLE_BASE_URL: simulator.url });
    const remaining = await readdir(accounts);
    for (const name of [...leftovers, 'other.json.lock', `${accountFile}.tmp.legacy`]) expect(remaining, name).not.toContain(name);
    expect(await readdir(dataDir)).not.toContain('accounts.upsert.lock');
    expect(remaining).toContain(liveTemp);
    expect(remaining).toContain(`${accountFile}.lock`);
    expect(remaining).toContain(accountFile);
    // The permission check runs once the gateway serves (a stat per account file).
    await server.waitForOutput(/Other users of this machine can read or change/);
    const output = server.output();
    expect(output).toContain(`${join(accounts, accountFile)} (0644)`);
    expect(output).not.toContain('1//leftover-token');
    expect((await stat(join(accounts, accountFile))).mode & 0o777).toBe(0o644);
  });
});
