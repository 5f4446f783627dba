import { renameSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../shared/clock.js';
import { AccountFileError, AccountStoreError } from './account-errors.js';
import { AccountStore } from './account-store.js';
import { applyInvalidGrant, applyProxyDisabled } from './account-transitions.js';
import type { UpsertInput } from './account-transitions.js';

const NOW_MS = 1_760_000_000_000;
const clock: Clock = { now: () => NOW_MS };

let dataDir: string;
let accountsDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'agt-store-'));
  accountsDir = join(dataDir, 'accounts');
});
afterEach(async () => {
  await chmod(dataDir, 0o700).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

interface LogLine {
  level: 'warn' | 'info';
  details: Record<string, unknown>;
  message: string;
}

function buildLogger() {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (details: object, message: string) => lines.push({ level: 'warn', details: details as Record<string, unknown>, message }),
    info: (details: object, message: string) => lines.push({ level: 'info', details: details as Record<string, unknown>, message }),
  };
}

async function openStore(logger = buildLogger()): Promise<AccountStore> {
  const store = new AccountStore({ dataDir, clock, logger, lockTimeoutMs: 5000 });
  await store.init();
  return store;
}

function buildAccountJson(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    email: `${id}@example.com`,
    name: null,
    token: {
      access_token: `sim-at-${id}`,
      refresh_token: `sim-rt-${id}`,
      expires_in: 3599,
      expiry_timestamp: 1_760_003_599,
      token_type: 'Bearer',
      email: `${id}@example.com`,
      oauth_client_key: 'antigravity_enterprise',
    },
    device_profile: { machine_id: 'm-1', mac_machine_id: 'mm', dev_device_id: 'd', sqm_id: '{S}' },
    quota: { models: [{ name: 'gemini-3-flash', percentage: 80, reset_time: '2026-01-01T00:00:00Z' }], last_updated: 1, subscription_tier: 'PRO' },
    disabled: false,
    proxy_disabled: false,
    created_at: 1_700_000_000,
    last_used: 1_700_000_100,
    custom_label: 'work',
    ...extra,
  };
}

async function writeAccountFile(id: string, content: string | Record<string, unknown>): Promise<string> {
  await mkdir(accountsDir, { recursive: true });
  const path = join(accountsDir, `${id}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

function buildUpsertInput(email: string, tag: string): UpsertInput {
  return {
    email,
    name: `Name ${tag}`,
    token: { access_token: `sim-at-${tag}`, refresh_token: `sim-rt-${tag}`, expires_in: 3599, expiry_timestamp: 1_760_003_599 },
  };
}

async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('AccountStore.init', () => {
  it('creates a missing data dir with a private accounts/ directory', async () => {
    const nested = join(dataDir, 'not', 'yet');
    const store = new AccountStore({ dataDir: nested });
    await store.init();
    const stats = await stat(join(nested, 'accounts'));
    expect(stats.isDirectory()).toBe(true);
    expect(stats.mode & 0o777).toBe(0o700);
    expect(store.accountsDir).toBe(join(nested, 'accounts'));
  });

  it('fails with DATA_DIR_NOT_DIRECTORY when the data dir is a file', async () => {
    const file = join(dataDir, 'plain-file');
    await writeFile(file, 'x');
    const error = await new AccountStore({ dataDir: file }).init().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccountStoreError);
    expect((error as AccountStoreError).code).toBe('DATA_DIR_NOT_DIRECTORY');
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/not a directory/);
  });

  it('fails with DATA_DIR_NOT_DIRECTORY when accounts/ is a file, or a parent is a file', async () => {
    await writeFile(join(dataDir, 'accounts'), 'x');
    const error = await new AccountStore({ dataDir }).init().catch((caught: unknown) => caught);
    expect((error as AccountStoreError).code).toBe('DATA_DIR_NOT_DIRECTORY');
    const below = await new AccountStore({ dataDir: join(dataDir, 'accounts', 'deeper') }).init().catch((caught: unknown) => caught);
    expect((below as AccountStoreError).code).toBe('DATA_DIR_NOT_DIRECTORY');
  });

  it('fails with DATA_DIR_UNWRITABLE for a read-only data dir', async () => {
    const readOnly = join(dataDir, 'read-only');
    await mkdir(readOnly, { mode: 0o500 });
    await chmod(readOnly, 0o500);
    const error = await new AccountStore({ dataDir: readOnly }).init().catch((caught: unknown) => caught);
    // root ignores permission bits, so the directory really is writable there; the file case above covers root.
    if (isRoot) {
      expect(error).toBeUndefined();
      return;
    }
    expect((error as AccountStoreError).code).toBe('DATA_DIR_UNWRITABLE');
    expect((error as Error).message).toContain(readOnly);
  });
});

describe('AccountStore reads and writes', () => {
  it('round trip: an update keeps unknown fields, key order, 2-space JSON and mode 0600', async () => {
    const path = await writeAccountFile('acc-1', buildAccountJson('acc-1', { live_limited_models: { x: { until: 5 } } }));
    const store = await openStore();
    const updated = await store.update('acc-1', (account) => {
      account.token.access_token = 'sim-at-refreshed';
    });
    expect(updated?.token.access_token).toBe('sim-at-refreshed');
    const onDisk = await readJson(path);
    expect(onDisk).toEqual({
      ...buildAccountJson('acc-1', { live_limited_models: { x: { until: 5 } } }),
      token: { ...(buildAccountJson('acc-1').token as object), access_token: 'sim-at-refreshed' },
    });
    expect(Object.keys(onDisk)).toEqual(Object.keys(buildAccountJson('acc-1', { live_limited_models: {} })));
    expect(await readFile(path, 'utf8')).toBe(JSON.stringify(onDisk, null, 2));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await store.read('acc-1')).toEqual(onDisk);
  });

  it('update may return a new object (the pure transitions) and returns null for a missing file', async () => {
    await writeAccountFile('acc-1', buildAccountJson('acc-1'));
    const store = await openStore();
    await store.update('acc-1', (account) => applyInvalidGrant(account, 'Token has been expired or revoked.', 1_760_000_000));
    expect(await store.read('acc-1')).toMatchObject({ disabled: true, disabled_at: 1_760_000_000, custom_label: 'work' });
    expect(await store.update('nope', () => undefined)).toBeNull();
    expect(await store.read('nope')).toBeNull();
  });

  it('two concurrent updates of different fields both survive', async () => {
    await writeAccountFile('acc-1', buildAccountJson('acc-1'));
    const store = await openStore();
    await Promise.all([
      store.update('acc-1', (account) => applyInvalidGrant(account, 'revoked', 1_760_000_000)),
      store.update('acc-1', (account) => {
        account.token.access_token = 'sim-at-refreshed';
        account.token.project_id = 'proj-1';
      }),
      store.update('acc-1', (account) => applyProxyDisabled(account, true, 'user', 1_760_000_001)),
    ]);
    expect(await store.read('acc-1')).toMatchObject({
      disabled: true,
      proxy_disabled: true,
      token: { access_token: 'sim-at-refreshed', project_id: 'proj-1' },
    });
  });

  it('50 concurrent increments in one process, and 2×25 from two store instances, lose nothing', async () => {
    await writeAccountFile('acc-1', buildAccountJson('acc-1'));
    const store = await openStore();
    const other = new AccountStore({ dataDir });
    const increment = (target: AccountStore, field: string) =>
      target.update('acc-1', (account) => {
        account[field] = (typeof account[field] === 'number' ? account[field] : 0) + 1;
      });
    await Promise.all(Array.from({ length: 50 }, () => increment(store, 'counter')));
    await Promise.all(Array.from({ length: 25 }, (_, index) => increment(index % 2 === 0 ? store : other, 'shared')));
    await Promise.all(Array.from({ length: 25 }, (_, index) => increment(index % 2 === 0 ? other : store, 'shared')));
    expect(await store.read('acc-1')).toMatchObject({ counter: 50, shared: 50, custom_label: 'work' });
    expect((await readdir(accountsDir)).sort()).toEqual(['acc-1.json']);
  });

  it('refuses a mutation that would write an invalid account or change the id; the file stays as it was', async () => {
    const path = await writeAccountFile('acc-1', buildAccountJson('acc-1'));
    const before = await readFile(path);
    const store = await openStore();
    const invalid = await store
      .update('acc-1', (account) => {
        account.token.refresh_token = '';
      })
      .catch((caught: unknown) => caught);
    expect((invalid as AccountStoreError).code).toBe('INVALID_ACCOUNT');
    expect((invalid as Error).message).toContain('token.refresh_token');
    const renamed = await store.update('acc-1', (account) => ({ ...account, id: 'other' })).catch((caught: unknown) => caught);
    expect((renamed as AccountStoreError).code).toBe('INVALID_ACCOUNT');
    expect(await readFile(path)).toEqual(before);
  });

  it('rejects ids that could escape the accounts directory', async () => {
    const store = await openStore();
    for (const id of ['../x', '.hidden', 'a/b', '']) {
      const error = await store.read(id).catch((caught: unknown) => caught);
      expect((error as AccountStoreError).code).toBe('INVALID_ID');
    }
  });

  it('remove deletes the file and its index entry', async () => {
    const store = await openStore();
    const { account } = await store.upsertByEmail(buildUpsertInput('a@example.com', 'a'));
    expect(await store.remove(account.id)).toBe(true);
    expect(await store.remove(account.id)).toBe(false);
    expect(await store.read(account.id)).toBeNull();
    expect((await store.readIndex()).accounts.map((entry) => entry.id)).not.toContain(account.id);
  });
});

describe('bad files', () => {
  const badFiles: Record<string, string | Buffer> = {
    'bad-json': '{"id": "bad-json", "email": ',
    'bad-garbage': '{"id": "bad-garbage" x}',
    'bad-empty': '',
    'bad-bom': `\uFEFF{"id": "bad-bom", `,
    'bad-missing': JSON.stringify({ id: 'bad-missing', email: 'm@example.com', token: { access_token: 'sim-at-x', expires_in: 1 } }),
    'bad-array': '[1,2]',
    'bad-id': JSON.stringify(buildAccountJson('someone-else')),
  };

  async function writeBadFiles(): Promise<Map<string, Buffer>> {
    const contents = new Map<string, Buffer>();
    for (const [id, content] of Object.entries(badFiles)) {
      await writeAccountFile(id, typeof content === 'string' ? content : content.toString());
      contents.set(id, await readFile(join(accountsDir, `${id}.json`)));
    }
    return contents;
  }

  async function expectUntouched(contents: Map<string, Buffer>): Promise<void> {
    for (const [id, bytes] of contents) expect(await readFile(join(accountsDir, `${id}.json`))).toEqual(bytes);
  }

  it('are reported with file name and reason, logged once per version, and never rewritten', async () => {
    await writeAccountFile('good', buildAccountJson('good'));
    await writeAccountFile('good-bom', `\uFEFF\u0000${JSON.stringify(buildAccountJson('good-bom'))}`);
    const contents = await writeBadFiles();
    const logger = buildLogger();
    const store = await openStore(logger);

    const { accounts, problems } = await store.loadAll();
    expect(accounts.map((account) => account.id).sort()).toEqual(['good', 'good-bom']);
    const reasons = Object.fromEntries(problems.map((problem) => [problem.file.split('/').pop(), problem.reason]));
    expect(Object.keys(reasons).sort()).toEqual(Object.keys(badFiles).map((id) => `${id}.json`).sort());
    expect(reasons['bad-json.json']).toMatch(/truncated/);
    expect(reasons['bad-garbage.json']).toMatch(/invalid JSON/);
    expect(reasons['bad-empty.json']).toBe('empty file');
    expect(reasons['bad-bom.json']).toMatch(/JSON.*BOM/);
    expect(reasons['bad-missing.json']).toMatch(/token\.refresh_token/);
    expect(reasons['bad-missing.json']).toMatch(/token\.expiry_timestamp/);
    expect(reasons['bad-array.json']).toBe('not a JSON object');
    expect(reasons['bad-id.json']).toMatch(/does not match the file name/);
    for (const problem of problems) expect(problem.file.startsWith(accountsDir)).toBe(true);
    // Reasons never quote the content (tokens).
    expect(JSON.stringify(problems)).not.toContain('sim-');

    await store.loadAll();
    const warnings = () => logger.lines.filter((line) => line.level === 'warn' && line.message.includes('left untouched'));
    expect(warnings()).toHaveLength(Object.keys(badFiles).length);
    expect(warnings()[0].details).toHaveProperty('file');
    expect(warnings()[0].details).toHaveProperty('reason');

    // Other writes, then reading the bad ones directly, leave them byte-identical.
    await store.update('good', (account) => applyInvalidGrant(account, 'revoked', 1));
    await store.upsertByEmail(buildUpsertInput('new@example.com', 'new'));
    await store.upsertByEmail(buildUpsertInput('m@example.com', 'm'));
    for (const id of Object.keys(badFiles)) {
      await expect(store.read(id)).rejects.toBeInstanceOf(AccountFileError);
      await expect(store.update(id, (account) => ({ ...account, disabled: true }))).rejects.toBeInstanceOf(AccountFileError);
    }
    await store.readIndex();
    await expectUntouched(contents);

    // A new version of a bad file is logged again.
    await writeAccountFile('bad-empty', '   ');
    await store.loadAll();
    expect(warnings()).toHaveLength(Object.keys(badFiles).length + 1);
  });

  it('AccountFileError carries the file and the reason', async () => {
    await writeAccountFile('bad-empty', '');
    const store = await openStore();
    const error = (await store.read('bad-empty').catch((caught: unknown) => caught)) as AccountFileError;
    expect(error.file).toBe(join(accountsDir, 'bad-empty.json'));
    expect(error.reason).toBe('empty file');
    expect(error.message).toContain('bad-empty.json');
  });

  it('temp files, lock files and other names are ignored', async () => {
    await writeAccountFile('good', buildAccountJson('good'));
    await writeFile(join(accountsDir, 'good.json.tmp-123-abc'), '{');
    await writeFile(join(accountsDir, 'good.tmp.0b1c'), '{');
    await writeFile(join(accountsDir, 'good.json.lock'), '{}');
    await writeFile(join(accountsDir, 'notes.txt'), 'hi');
    const store = await openStore();
    const { accounts, problems } = await store.loadAll();
    expect(accounts.map((account) => account.id)).toEqual(['good']);
    expect(problems).toEqual([]);
  });
});

describe('upsertByEmail', () => {
  it('creates a UUID account, then updates it by case-insensitive email', async () => {
    const store = await openStore();
    const created = await store.upsertByEmail(buildUpsertInput('Bob@Example.com', 'one'));
    expect(created.created).toBe(true);
    expect(created.account.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.account).toMatchObject({ created_at: NOW_MS / 1000, last_used: NOW_MS / 1000, disabled: false, proxy_disabled: false });
    const path = join(accountsDir, `${created.account.id}.json`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const again = await store.upsertByEmail(buildUpsertInput('bob@example.com', 'two'));
    expect(again).toMatchObject({ created: false, reenabled: false });
    expect(again.account.id).toBe(created.account.id);
    expect((await store.loadAll()).accounts).toHaveLength(1);
    expect(await readJson(path)).toMatchObject({ token: { refresh_token: 'sim-rt-two' }, name: 'Name two' });
  });

  it('re-enables a disabled account when the tokens changed, never touches proxy_disabled, keeps unknown fields', async () => {
    await writeAccountFile(
      'acc-1',
      buildAccountJson('acc-1', {
        disabled: true,
        disabled_at: 5,
        disabled_reason: 'invalid_grant: revoked',
        proxy_disabled: true,
        proxy_disabled_reason: 'mine',
      }),
    );
    const store = await openStore();
    const same = await store.upsertByEmail({
      email: 'acc-1@example.com',
      token: { access_token: 'sim-at-acc-1', refresh_token: 'sim-rt-acc-1', expires_in: 3599, expiry_timestamp: 2 },
    });
    expect(same).toMatchObject({ created: false, reenabled: false, account: { disabled: true } });
    const fresh = await store.upsertByEmail(buildUpsertInput('ACC-1@example.com', 'fresh'));
    expect(fresh).toMatchObject({ created: false, reenabled: true });
    const onDisk = await readJson(join(accountsDir, 'acc-1.json'));
    expect(onDisk).toMatchObject({ disabled: false, proxy_disabled: true, proxy_disabled_reason: 'mine', custom_label: 'work' });
    expect(onDisk).not.toHaveProperty('disabled_at');
    expect(onDisk).not.toHaveProperty('disabled_reason');
    expect((await store.readIndex()).accounts.find((entry) => entry.id === 'acc-1')).toMatchObject({ disabled: false, proxy_disabled: true });
  });

  it('concurrent adds of one email create one file', async () => {
    const store = await openStore();
    const other = new AccountStore({ dataDir });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) => (index % 2 ? store : other).upsertByEmail(buildUpsertInput('c@example.com', `t${index}`))),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect((await store.loadAll()).accounts).toHaveLength(1);
    expect((await store.readIndex()).accounts).toHaveLength(1);
  });
});

describe('find', () => {
  it('finds by id, email and unique id prefix; ambiguous prefixes are an error', async () => {
    await writeAccountFile('abc-111', buildAccountJson('abc-111'));
    await writeAccountFile('abc-222', buildAccountJson('abc-222'));
    await writeAccountFile('xyz-333', buildAccountJson('xyz-333'));
    const store = await openStore();
    expect((await store.find('abc-111'))?.id).toBe('abc-111');
    expect((await store.find('XYZ-333@example.com'))?.id).toBe('xyz-333');
    expect((await store.find('xy'))?.id).toBe('xyz-333');
    expect(await store.find('nobody@example.com')).toBeNull();
    const error = await store.find('abc').catch((caught: unknown) => caught);
    expect((error as AccountStoreError).code).toBe('AMBIGUOUS_ACCOUNT');
  });
});

describe('the accounts.json index', () => {
  it('is rebuilt from the files when missing: last_used desc, then email; first is current', async () => {
    await writeAccountFile('a', buildAccountJson('a', { last_used: 10 }));
    await writeAccountFile('b', buildAccountJson('b', { last_used: 30, protected_models: ['claude'] }));
    await writeAccountFile('c', buildAccountJson('c', { last_used: 10 }));
    const store = await openStore();
    const index = await store.readIndex();
    expect(index.version).toBe('2.0');
    expect(index.accounts.map((entry) => entry.id)).toEqual(['b', 'a', 'c']);
    expect(index.current_account_id).toBe('b');
    expect(index.accounts[0]).toEqual({
      id: 'b',
      email: 'b@example.com',
      name: null,
      disabled: false,
      proxy_disabled: false,
      protected_models: ['claude'],
      created_at: 1_700_000_000,
      last_used: 30,
    });
    expect(await readJson(join(dataDir, 'accounts.json'))).toEqual(index);
  });

  it('backs up and rebuilds a corrupt index; strips BOM/NUL from a readable one', async () => {
    await writeAccountFile('a', buildAccountJson('a'));
    await writeFile(join(dataDir, 'accounts.json'), '{"version": "2.0", "accounts": [');
    const store = await openStore();
    expect((await store.readIndex()).accounts.map((entry) => entry.id)).toEqual(['a']);
    const names = await readdir(dataDir);
    const backup = names.find((name) => name.startsWith('accounts.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(await readFile(join(dataDir, backup ?? ''), 'utf8')).toBe('{"version": "2.0", "accounts": [');

    const withBom = { version: '2.0', accounts: [{ id: 'a', email: 'a@example.com', pinned: true }], current_account_id: 'a', extra: 1 };
    await writeFile(join(dataDir, 'accounts.json'), `\uFEFF\u0000\u0000${JSON.stringify(withBom)}`);
    expect(await store.readIndex()).toEqual(withBom);
    expect((await readdir(dataDir)).filter((name) => name.includes('corrupt'))).toHaveLength(1);
  });

  it('follows writes and keeps unknown index fields and order', async () => {
    await writeAccountFile('a', buildAccountJson('a'));
    const index = { version: '2.0', accounts: [{ id: 'a', email: 'a@example.com', pinned: true }], current_account_id: 'a', current_target_ide: 'x', extra: 1 };
    await writeFile(join(dataDir, 'accounts.json'), JSON.stringify(index));
    const store = await openStore();
    await store.update('a', (account) => applyProxyDisabled(account, true, null, 1));
    const { account } = await store.upsertByEmail(buildUpsertInput('n@example.com', 'n'));
    const stored = await store.readIndex();
    expect(stored).toMatchObject({ extra: 1, current_account_id: 'a', current_target_ide: 'x' });
    expect(stored.accounts.map((entry) => entry.id)).toEqual(['a', account.id]);
    expect(stored.accounts[0]).toMatchObject({ pinned: true, proxy_disabled: true });
  });
});

describe('watch', () => {
  it('reports an outside change that one of our own writes carried along before the watcher saw it', async () => {
    await writeAccountFile('shared', buildAccountJson('shared'));
    const store = await openStore();
    const reports: Set<string>[] = [];
    const stop = store.watch((ids) => reports.push(ids));
    try {
      // Let the watcher take its snapshot of the file as it is now.
      await store.update('shared', (account) => {
        account.last_used = 5;
      });
      await writeAccountFile('marker-a', buildAccountJson('marker-a'));
      await pollUntil(() => reports.some((ids) => ids.has('marker-a')));
      reports.length = 0;

      // Another process disables the account (atomic rename) and, within the same debounce window, this store
      // writes the file again (e.g. a token refresh). The result must be reported, or the pool never learns.
      const temp = join(accountsDir, 'shared.json.tmp-1-y');
      await writeFile(temp, JSON.stringify({ ...buildAccountJson('shared'), last_used: 5, proxy_disabled: true }, null, 2));
      await rename(temp, join(accountsDir, 'shared.json'));
      await store.update('shared', (account) => {
        account.token.access_token = 'sim-at-refreshed';
      });
      await pollUntil(() => reports.some((ids) => ids.has('shared')));
      const file = await store.read('shared');
      expect(file?.proxy_disabled).toBe(true);
      expect(file?.token.access_token).toBe('sim-at-refreshed');
    } finally {
      stop();
    }
  });

  it('takes the last load as its first snapshot: what changed between the load and the watch is reported, nothing else', async () => {
    for (const id of ['kept', 'replaced', 'removed', 'in-place', 'own']) await writeAccountFile(id, buildAccountJson(id));
    const store = await openStore();
    const { accounts } = await store.loadAll();
    expect(accounts).toHaveLength(5);

    // Between the load (what the pool holds) and the watcher's start, no event can be seen: another process replaces
    // one file atomically, removes one, adds one, rewrites one in place with content of the same size (same inode,
    // possibly the same time stamps), and this store writes one itself.
    const temp = join(accountsDir, 'replaced.json.tmp-1-z');
    await writeFile(temp, JSON.stringify(buildAccountJson('replaced', { disabled: true }), null, 2));
    await rename(temp, join(accountsDir, 'replaced.json'));
    await unlink(join(accountsDir, 'removed.json'));
    await writeAccountFile('added', buildAccountJson('added'));
    const inPlace = JSON.stringify(buildAccountJson('in-place'), null, 2);
    await writeFile(join(accountsDir, 'in-place.json'), inPlace.replace('"custom_label": "work"', '"custom_label": "home"'));
    await store.update('own', (account) => applyProxyDisabled(account, true, null, 2));

    const reports: Set<string>[] = [];
    const stop = store.watch((ids) => reports.push(ids));
    const seen = () => new Set(reports.flatMap((ids) => [...ids]));
    try {
      await pollUntil(() => ['replaced', 'removed', 'added', 'in-place'].every((id) => seen().has(id)));
      await writeAccountFile('marker', buildAccountJson('marker'));
      await pollUntil(() => seen().has('marker'));
      expect(seen().has('kept')).toBe(false);
      expect(seen().has('own')).toBe(false);

      // Later changes are compared with the same snapshot as before.
      await writeFile(join(accountsDir, 'kept.json'), JSON.stringify(buildAccountJson('kept', { proxy_disabled: true }), null, 2));
      await pollUntil(() => seen().has('kept'));
    } finally {
      stop();
    }
  });

  it('started before a load, takes that load as its first snapshot: a file changed after the load read it is reported', async () => {
    for (const id of ['a', 'b', 'c', 'd']) await writeAccountFile(id, buildAccountJson(id));
    await writeAccountFile('broken', '{"id": "broken"');
    const store = await openStore();
    const reports: Set<string>[] = [];
    const stop = store.watch((ids) => reports.push(ids), { fromNextLoad: true });
    const seen = () => new Set(reports.flatMap((ids) => [...ids]));
    try {
      const taken = new Map<string, unknown>();
      // While the load reads (files in name order): when it hands over `b`, another process replaces `a` (read before),
      // rewrites `c` (read after) and fixes `broken` (read after).
      const { problems } = await store.loadEach((account, id) => {
        taken.set(id, account.custom_label);
        if (id !== 'b') return;
        const temp = join(accountsDir, 'a.json.tmp-1-w');
        writeFileSync(temp, JSON.stringify(buildAccountJson('a', { custom_label: 'home' }), null, 2));
        renameSync(temp, join(accountsDir, 'a.json'));
        writeFileSync(join(accountsDir, 'c.json'), JSON.stringify(buildAccountJson('c', { custom_label: 'home' }), null, 2));
        writeFileSync(join(accountsDir, 'broken.json'), JSON.stringify(buildAccountJson('broken'), null, 2));
      });
      // The load saw `c` and `broken` as they are now, `a` as it was: only `a` differs from what the caller holds.
      expect(taken.get('a')).toBe('work');
      expect(taken.get('c')).toBe('home');
      expect(taken.get('broken')).toBe('work');
      expect(problems).toEqual([]);
      await writeAccountFile('marker', buildAccountJson('marker'));
      await pollUntil(() => seen().has('marker') && seen().has('a'));
      for (const id of ['b', 'c', 'd', 'broken']) expect(seen().has(id), id).toBe(false);

      // Later changes are compared with that load.
      await writeFile(join(accountsDir, 'd.json'), JSON.stringify(buildAccountJson('d', { custom_label: 'wrk' }), null, 2));
      await pollUntil(() => seen().has('d'));
    } finally {
      stop();
    }
  });

  it('started before a load that fails, takes its own snapshot of the files', async () => {
    await writeAccountFile('a', buildAccountJson('a'));
    const store = await openStore();
    const reports: Set<string>[] = [];
    const stop = store.watch((ids) => reports.push(ids), { fromNextLoad: true });
    const seen = () => new Set(reports.flatMap((ids) => [...ids]));
    try {
      await expect(
        store.loadEach(() => {
          throw new Error('the caller failed');
        }),
      ).rejects.toThrow('the caller failed');
      await writeAccountFile('marker', buildAccountJson('marker'));
      await pollUntil(() => seen().has('marker'));
      expect(seen().has('a')).toBe(false);
      await writeFile(join(accountsDir, 'a.json'), JSON.stringify(buildAccountJson('a', { proxy_disabled: true }), null, 2));
      await pollUntil(() => seen().has('a'));
    } finally {
      stop();
    }
  });

  it('reports external atomic writes and deletes, never this store’s own writes', async () => {
    await writeAccountFile('ext', buildAccountJson('ext'));
    await writeAccountFile('own', buildAccountJson('own'));
    const store = await openStore();
    const reports: Set<string>[] = [];
    const stop = store.watch((ids) => reports.push(ids));
    const seen = () => new Set(reports.flatMap((ids) => [...ids]));
    try {
      // External writer: temp file + rename, as another agt process or the desktop app does.
      const temp = join(accountsDir, 'ext.json.tmp-999-x');
      await writeFile(temp, JSON.stringify(buildAccountJson('ext', { disabled: true }), null, 2));
      await rename(temp, join(accountsDir, 'ext.json'));
      await pollUntil(() => seen().has('ext'));

      // Own writes of every kind, followed by an external marker write: once the marker is reported, every event
      // of the own writes has been processed (events are handled in order), so their absence is meaningful.
      await store.update('own', (account) => applyInvalidGrant(account, 'x', 1));
      const { account } = await store.upsertByEmail(buildUpsertInput('w@example.com', 'w'));
      await store.update(account.id, (next) => applyProxyDisabled(next, true, null, 2));
      await writeAccountFile('marker', buildAccountJson('marker'));
      await pollUntil(() => seen().has('marker'));
      expect(seen().has('own')).toBe(false);
      expect(seen().has(account.id)).toBe(false);

      const extReports = () => reports.filter((ids) => ids.has('ext')).length;
      const extReportsBefore = extReports();
      await store.remove('own');
      await unlink(join(accountsDir, 'ext.json'));
      await pollUntil(() => extReports() > extReportsBefore);
      expect(seen().has('own')).toBe(false);
      expect(seen().has('ext.json.tmp-999-x')).toBe(false);
    } finally {
      stop();
    }
  });
});

describe('loadEach', () => {
  it('hands over every good account with its file name id, in file name order, and reports the bad ones', async () => {
    for (const id of ['c', 'a', 'b']) await writeAccountFile(id, buildAccountJson(id));
    await writeAccountFile('broken', '{"id": "broken"');
    const store = await openStore();
    const taken: Array<[string, string]> = [];
    const { count, problems } = await store.loadEach((account, id) => {
      taken.push([id, account.id]);
    });
    expect(taken).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    expect(count).toBe(3);
    expect(problems.map((problem) => problem.file)).toEqual([join(accountsDir, 'broken.json')]);
    expect((await store.loadAll()).accounts.map((account) => account.id)).toEqual(['a', 'b', 'c']);
  });
});
