import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createSeededRandom } from '../../test/support/create-seeded-random.js';
import { makeDataDir } from '../../test/support/e2e-helpers.js';
import { AccountStore } from '../accounts/index.js';
import { DEFAULT_SETTINGS } from '../config/config-schema.js';
import { createCodeAssistClient, createGoogleOAuthClient, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, resolveGoogleEndpoints } from '../google/index.js';
import type { GoogleSimulator } from '../simulator/index.js';
import { startSimulatorForTestFile } from '../simulator/simulator-test-client.js';
import { AccountPool, createAcquireContext, type PoolSettings } from './index.js';

const MODEL = 'gemini-3-flash';

/**
 * The scheduling modes, the fixed account, half-open re-admission and quota protection inside the real pool: real
 * account files, the real simulator for tokens, an injected clock (and an injected sleep that moves it) so cooldowns
 * and waits take no wall time.
 */
describe('AccountPool scheduling', () => {
  let simulator: GoogleSimulator;
  let dispatcher: Agent;
  let now: number;
  let settings: PoolSettings;
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

  startSimulatorForTestFile((started) => {
    simulator = started;
  });
  beforeAll(() => {
    dispatcher = new Agent({ connections: 64 });
  });
  afterAll(async () => {
    await dispatcher.close();
  });
  beforeEach(() => {
    now = 1_900_000_000_000;
    settings = {
      scheduling: { mode: 'Balance', maxWaitSeconds: 60 },
      preferredAccountId: null,
      quotaProtection: { ...DEFAULT_SETTINGS.quotaProtection, enabled: false },
    };
  });

  async function setup(names: string[], options: { quota?: Record<string, Array<{ name: string; percentage: number; reset_time?: string }>> } = {}) {
    const dataDir = await makeDataDir('agt-scheduling-');
    const store = new AccountStore({ dataDir });
    await store.init();
    const ids: Record<string, string> = {};
    for (const name of names) {
      const email = `${name}@example.com`;
      const created = simulator.state.createAccount({ email });
      const { account } = await store.upsertByEmail({
        email,
        name,
        token: {
          access_token: `sim-at-${name}`,
          refresh_token: created.refreshToken,
          expires_in: 3599,
          expiry_timestamp: Math.floor(now / 1000) + 86_400,
          token_type: 'Bearer',
          project_id: created.projectId,
        },
      });
      const quota = options.quota?.[name];
      if (quota) await store.update(account.id, (file) => void (file.quota = { models: quota.map((model) => ({ reset_time: '', ...model })), last_updated: 1 }));
      ids[name] = account.id;
    }
    const endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
    const pool = new AccountPool({
      store,
      oauth: createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher }),
      codeAssist: createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher }),
      logger,
      clock: { now: () => now },
      settings: () => settings,
      random: createSeededRandom(7).next,
      sleep: async (ms) => {
        now += ms;
      },
    });
    await pool.load();
    const nameOf = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0];
    /** One request start to end: acquire, succeed, release. */
    const serve = async (conversationId?: string, model = MODEL) => {
      const context = createAcquireContext(model, undefined, undefined, { conversationId });
      const lease = await pool.acquire(context);
      pool.reportSuccess(lease.accountId, lease.model);
      pool.release(context);
      return nameOf(lease.accountId);
    };
    return { store, pool, ids, serve, nameOf };
  }

  it('Balance: a conversation stays on its account across reloads and unrelated changes, moves when it cools, and loses its binding when the account is disabled', async () => {
    const { pool, store, ids, serve } = await setup(['a', 'b', 'c']);
    const first = await serve('conv');
    for (let turn = 0; turn < 4; turn++) expect(await serve('conv')).toBe(first);

    // Reloading every file and changing another account keep the binding (the desktop app clears it).
    await pool.load();
    const other = Object.keys(ids).find((name) => name !== first) as string;
    await store.update(ids[other] as string, (account) => void (account.name = 'renamed'));
    await pool.reloadAccounts([ids[other] as string]);
    expect(await serve('conv')).toBe(first);

    // Its account cools: the conversation moves at once and stays on the new account after the cooldown.
    pool.reportFailure(ids[first as string] as string, { class: 'rate_limit', message: '429', cooldownMs: 10_000 });
    const moved = await serve('conv');
    expect(moved).not.toBe(first);
    now += 11_000;
    expect(await serve('conv')).toBe(moved);
    expect(pool.boundAccountOf('conv')).toBe(ids[moved as string]);

    // Disabled for the proxy: its bindings are dropped.
    await store.update(ids[moved as string] as string, (account) => {
      account.proxy_disabled = true;
    });
    await pool.reloadAccounts([ids[moved as string] as string]);
    expect(pool.boundAccountOf('conv')).toBeUndefined();
    expect(await serve('conv')).not.toBe(moved);
  });

  it('CacheFirst waits for its briefly rate-limited account (within max_wait_seconds and the deadline); Balance moves', async () => {
    settings.scheduling = { mode: 'CacheFirst', maxWaitSeconds: 30 };
    const { pool, ids, serve } = await setup(['a', 'b', 'c']);
    const first = await serve('conv');
    const firstId = ids[first as string] as string;
    pool.reportFailure(firstId, { class: 'rate_limit', message: '429', cooldownMs: 20_000 });
    const before = now;
    expect(await serve('conv')).toBe(first);
    expect(now - before).toBe(20_000);

    // Longer than max_wait_seconds: it moves, and stays moved.
    pool.reportFailure(firstId, { class: 'quota_exhausted', message: '429', cooldownMs: 45_000, model: MODEL });
    const moved = await serve('conv');
    expect(moved).not.toBe(first);

    // A deadline before the reset: no wait either.
    settings.scheduling = { mode: 'CacheFirst', maxWaitSeconds: 60 };
    const movedId = ids[moved as string] as string;
    pool.reportFailure(movedId, { class: 'rate_limit', message: '429', cooldownMs: 20_000 });
    const context = createAcquireContext(MODEL, undefined, undefined, { conversationId: 'conv', deadlineMs: now + 10_000 });
    const atDeadline = now;
    expect((await pool.acquire(context)).accountId).not.toBe(movedId);
    pool.release(context);
    expect(now).toBe(atDeadline);

    // The same situation under Balance, once every cooldown is over: no wait.
    now += 60_000;
    settings.scheduling = { mode: 'Balance', maxWaitSeconds: 60 };
    const balanceFirst = await serve('other');
    pool.reportFailure(ids[balanceFirst as string] as string, { class: 'rate_limit', message: '429', cooldownMs: 5_000 });
    const t0 = now;
    expect(await serve('other')).not.toBe(balanceFirst);
    expect(now).toBe(t0);
  });

  it('PerformanceFirst binds nothing and sends requests away from an account with requests in flight', async () => {
    settings.scheduling = { mode: 'PerformanceFirst', maxWaitSeconds: 60 };
    const { pool, ids, serve } = await setup(['a', 'b', 'c']);
    // Two requests in flight on a (not released).
    const busy = [createAcquireContext(MODEL), createAcquireContext(MODEL)];
    for (const context of busy) {
      let lease = await pool.acquire(context);
      while (lease.accountId !== ids.a) lease = await pool.acquire(context);
    }
    expect(pool.inFlightOf(ids.a as string)).toBe(2);
    // Every draw that includes a has b or c beside it, with nothing in flight: a is never picked.
    for (let turn = 0; turn < 12; turn++) expect(await serve('conv')).not.toBe('a');
    expect(pool.boundAccountOf('conv')).toBeUndefined();
    for (const context of busy) pool.release(context);
    pool.release(busy[0] as ReturnType<typeof createAcquireContext>);
    expect(pool.inFlightOf(ids.a as string)).toBe(0);
    // Idle again: a is drawn like the others.
    const picked = new Set<string | undefined>();
    for (let turn = 0; turn < 30; turn++) picked.add(await serve('conv'));
    expect(picked).toEqual(new Set(['a', 'b', 'c']));
  });

  it('fixed account: takes every request while it can, the others serve while it is rate-limited, it takes over again after its trial', async () => {
    const { pool, ids, serve } = await setup(['a', 'b', 'c']);
    settings.preferredAccountId = ids.b as string;
    for (const conversation of ['x', 'y', 'z', undefined]) expect(await serve(conversation)).toBe('b');
    pool.reportFailure(ids.b as string, { class: 'rate_limit', message: '429', cooldownMs: 30_000 });
    const during = new Set([await serve('x'), await serve('y'), await serve(undefined)]);
    expect(during.has('b')).toBe(false);
    now += 30_000;
    for (const conversation of ['x', 'y', 'z']) expect(await serve(conversation)).toBe('b');
  });

  it('half-open: after a cooldown one trial request gets the account, the others go elsewhere; success re-admits, failure re-cools', async () => {
    settings.preferredAccountId = null;
    const { pool, ids, nameOf } = await setup(['a', 'b']);
    const a = ids.a as string;
    pool.reportFailure(a, { class: 'server', message: '503', cooldownMs: 5_000 });
    now += 5_000;
    // Everyone wants a (fixed account) the moment it is back: only one gets it.
    settings.preferredAccountId = a;
    const contexts = Array.from({ length: 4 }, () => createAcquireContext(MODEL));
    const leases = [];
    for (const context of contexts) leases.push(await pool.acquire(context));
    expect(leases.map((lease) => nameOf(lease.accountId))).toEqual(['a', 'b', 'b', 'b']);
    expect(pool.runtimeState(a)?.onTrial).toBe(true);

    // The trial fails: cooled again, nobody gets a.
    pool.reportFailure(a, { class: 'server', message: '503', cooldownMs: 5_000 });
    pool.release(contexts[0] as ReturnType<typeof createAcquireContext>);
    expect(nameOf((await pool.acquire(createAcquireContext(MODEL))).accountId)).toBe('b');
    now += 5_000;

    // A trial that ends without an answer (the client left) lets the next request be the trial.
    const abandoned = createAcquireContext(MODEL);
    expect((await pool.acquire(abandoned)).accountId).toBe(a);
    expect((await pool.acquire(createAcquireContext(MODEL))).accountId).toBe(ids.b);
    pool.release(abandoned);
    const trial = createAcquireContext(MODEL);
    expect((await pool.acquire(trial)).accountId).toBe(a);
    pool.reportSuccess(a, MODEL);
    pool.release(trial);
    expect(pool.runtimeState(a)?.onTrial).toBe(false);
    for (let index = 0; index < 3; index++) expect((await pool.acquire(createAcquireContext(MODEL))).accountId).toBe(a);
  });

  it('half-open also applies when one model’s cooldown ends', async () => {
    const { pool, ids } = await setup(['a']);
    const a = ids.a as string;
    pool.reportFailure(a, { class: 'quota_exhausted', message: '429', cooldownMs: 5_000, model: MODEL });
    await expect(pool.acquire(createAcquireContext(MODEL))).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 5 });
    now += 5_000;
    expect((await pool.acquire(createAcquireContext(MODEL))).accountId).toBe(a);
    await expect(pool.acquire(createAcquireContext(MODEL))).rejects.toMatchObject({ code: 'NO_ACCOUNTS' });
    // Other models of the account are not held by that trial.
    expect((await pool.acquire(createAcquireContext('claude-sonnet-4-6'))).accountId).toBe(a);
  });

  it('quota protection holds an account back for the protected model only; every account protected → 429 with the first reset', async () => {
    const reset = new Date(now + 2 * 3_600_000).toISOString();
    settings.quotaProtection = { enabled: true, thresholdPercentage: 10, monitoredModels: ['claude', 'gemini-3-flash'] };
    const { pool, ids, store, serve } = await setup(['low', 'full'], {
      quota: {
      low: [
        { name: 'claude-sonnet-4-6', percentage: 5, reset_time: reset },
        { name: 'claude-opus-4-6-thinking', percentage: 8, reset_time: reset },
        { name: 'gemini-3-flash', percentage: 90 },
      ],
      full: [
        { name: 'claude-sonnet-4-6', percentage: 100 },
        { name: 'gemini-3-flash', percentage: 3, reset_time: new Date(now + 3_600_000).toISOString() },
      ],
      },
    });
    expect(pool.protectedModelsOf(ids.low as string)).toEqual(['claude']);
    expect(pool.stateOf(ids.low as string)).toBe('quota_protected');
    for (let index = 0; index < 4; index++) {
      expect(await serve(undefined, 'claude-sonnet-4-6')).toBe('full');
      expect(await serve(undefined, 'gemini-3-flash')).toBe('low');
    }
    // A model the account has no quota data for is not held back.
    expect(new Set([await serve(undefined, 'gpt-oss-120b-medium'), await serve(undefined, 'gpt-oss-120b-medium')])).toEqual(new Set(['low', 'full']));

    // Both protected for Claude: a 429 that says so and when the first resets.
    await store.update(ids.full as string, (account) => {
      (account.quota as { models: Array<{ name: string; percentage: number }> }).models[0] = { name: 'claude-sonnet-4-6', percentage: 0, reset_time: new Date(now + 3 * 3_600_000).toISOString() } as never;
    });
    await pool.reloadAccounts([ids.full as string]);
    const error = await pool.acquire(createAcquireContext('claude-sonnet-4-6')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 7_200 });
    expect((error as Error).message).toBe('Quota protection holds back 2 accounts for claude-sonnet-4-6 (below 10 % left); the first resets in 2 h');
    expect(pool.protectionResetOf(ids.low as string)).toBe(Date.parse(reset));

    // A refresh shows the quota reset: the account serves the model again. Turning protection off frees both at once.
    await store.update(ids.low as string, (account) => void (account.quota = { models: [{ name: 'claude-sonnet-4-6', percentage: 100, reset_time: '' }] }));
    await pool.reloadAccounts([ids.low as string]);
    expect(await serve(undefined, 'claude-sonnet-4-6')).toBe('low');
    settings.quotaProtection = { ...settings.quotaProtection, enabled: false };
    expect(new Set([await serve(undefined, 'claude-sonnet-4-6'), await serve(undefined, 'claude-sonnet-4-6')])).toEqual(new Set(['low', 'full']));
  });
});
