import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStoreError } from './account-errors.js';
import { acquireFileLock, isProcessAlive } from './file-lock.js';

let directory: string;
let lockPath: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'agt-lock-'));
  lockPath = join(directory, 'a.json.lock');
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (child.pid === undefined) throw new Error('could not spawn');
  return child.pid;
}

async function writeForeignLock(owner: Record<string, unknown>): Promise<string> {
  const content = JSON.stringify({ hostname: hostname(), acquiredAt: Date.now(), nonce: 'foreign', ...owner });
  await writeFile(lockPath, content);
  return content;
}

describe('acquireFileLock', () => {
  it('writes {pid, hostname, acquiredAt} and removes the lock on release', async () => {
    const lock = await acquireFileLock(lockPath, { timeoutMs: 1000 });
    const content = JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(typeof content.acquiredAt).toBe('number');
    expect(await lock.isHeld()).toBe(true);
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it('serialises holders: the second waits until the first releases', async () => {
    const first = await acquireFileLock(lockPath, { timeoutMs: 1000 });
    let secondAcquired = false;
    const second = acquireFileLock(lockPath, { timeoutMs: 5000 }).then((lock) => {
      secondAcquired = true;
      return lock;
    });
    // The second is still waiting after the first has done a round trip to the disk.
    await readFile(lockPath);
    expect(secondAcquired).toBe(false);
    await first.release();
    const lock = await second;
    expect(await lock.isHeld()).toBe(true);
    await lock.release();
  });

  it('times out with LOCK_TIMEOUT naming the holder when a live process holds the lock', async () => {
    await writeForeignLock({ pid: process.ppid });
    const error = await acquireFileLock(lockPath, { timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccountStoreError);
    expect((error as AccountStoreError).code).toBe('LOCK_TIMEOUT');
    expect((error as Error).message).toContain(`pid ${process.ppid}`);
    expect(await readFile(lockPath, 'utf8')).toContain('foreign');
  });

  it('steals a lock whose owner process is dead, leaving no tombstones', async () => {
    const pid = deadPid();
    expect(await isProcessAlive(pid)).toBe(false);
    await writeForeignLock({ pid });
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2000 });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it('steals a lock older than 30 s even when its pid is alive', async () => {
    await writeForeignLock({ pid: process.ppid, acquiredAt: Date.now() - 31_000 });
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2000 });
    expect(await lock.isHeld()).toBe(true);
    await lock.release();
  });

  it('steals a lock left by an earlier process with our own pid (container restarts)', async () => {
    await writeForeignLock({ pid: process.pid });
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2000 });
    expect(await lock.isHeld()).toBe(true);
    await lock.release();
  });

  it('waits on an unreadable (empty) lock until it is older than the stale age', async () => {
    await writeFile(lockPath, '');
    const error = await acquireFileLock(lockPath, { timeoutMs: 100 }).catch((caught: unknown) => caught);
    expect((error as AccountStoreError).code).toBe('LOCK_TIMEOUT');
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2000, staleMs: 0 });
    expect(await lock.isHeld()).toBe(true);
    await lock.release();
  });

  it('many concurrent stealers of one dead lock: exactly one holder at a time', async () => {
    await writeForeignLock({ pid: deadPid() });
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const lock = await acquireFileLock(lockPath, { timeoutMs: 5000 });
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        await readFile(lockPath);
        inside -= 1;
        await lock.release();
      }),
    );
    expect(maxInside).toBe(1);
    expect(await readdir(directory)).toEqual([]);
  });

  it('release never deletes a lock that is no longer ours', async () => {
    const lock = await acquireFileLock(lockPath, { timeoutMs: 1000 });
    await writeForeignLock({ pid: process.ppid });
    expect(await lock.isHeld()).toBe(false);
    await lock.release();
    expect(await readFile(lockPath, 'utf8')).toContain('foreign');
  });
});
