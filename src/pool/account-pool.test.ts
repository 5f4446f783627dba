import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { AccountStore } from '../accounts/index.js';
import { createCodeAssistClient, createGoogleOAuthClient, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, resolveGoogleEndpoints } from '../google/index.js';
import { startGoogleSimulator, type GoogleSimulator } from '../simulator/index.js';
import { makeDataDir } from '../../test/support/e2e-helpers.js';
import { AccountPool, createAcquireContext, createMemoryPoolBus, type PoolCoordinator } from './index.js';

interface LogLine {
  level: string;
  message: string;
  object: object;
}

/** The pool against the real simulator, real OAuth client and real account files. */
describe('AccountPool', () => {
  let simulator: GoogleSimulator;
  let dispatcher: Agent;
  let logs: LogLine[];
  let now: number;

  const logger = {
    info: (object: object, message: string) => logs.push({ level: 'info', message, object }),
    warn: (object: object, message: string) => logs.push({ level: 'warn', message, object }),
    error: (object: object, message: string) => logs.push({ level: 'error', message, object }),
  };

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dispatcher = new Agent({ connections: 256 });
  });
  afterAll(async () => {
    await dispatcher.close();
    await simulator.close();
  });
  beforeEach(() => {
    simulator.state.reset();
    logs = [];
    now = Date.now();
  });

  /** A store with `emails` accounts whose access tokens are already expired (so the pool must refresh). */
  async function setup(emails: string[], options: { expired?: boolean } = {}) {
    const dataDir = await makeDataDir('agt-pool-');
    const store = new AccountStore({ dataDir });
    await store.init();
    const ids: Record<string, string> = {};
    for (const email of emails) {
      const created = simulator.state.createAccount({ email });
      const { account } = await store.upsertByEmail({
        email,
        name: email,
        token: {
          access_token: 'sim-at-stale',
          refresh_token: created.refreshToken,
          expires_in: 3599,
          expiry_timestamp: options.expired === false ? Math.floor(now / 1000) + 3599 : Math.floor(now / 1000) - 10,
          token_type: 'Bearer',
          project_id: created.projectId,
        },
      });
      ids[email] = account.id;
    }
    const endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
    const oauth = createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher });
    const codeAssist = createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher });
    const pool = new AccountPool({ store, oauth, codeAssist, logger, clock: { now: () => now } });
    await pool.load();
    return { store, pool, ids, dataDir };
  }

  it('refreshes an expired token exactly once for 200 concurrent requests (single flight)', async () => {
    const { pool } = await setup(['solo@example.com']);
    const leases = await Promise.all(Array.from({ length: 200 }, () => pool.acquire(createAcquireContext('gemini-2.5-flash'))));
    expect(simulator.state.counters().refresh['solo@example.com']).toBe(1);
    expect(new Set(leases.map((lease) => lease.accessToken)).size).toBe(1);
    expect(leases[0].accessToken).toMatch(/^sim-at-/);
    expect(leases[0].accessToken).not.toBe('sim-at-stale');
  });

  it('on invalid_grant persists the disable, drops the account, logs both lines and hands out the next account', async () => {
    const { pool, store, ids } = await setup(['a@example.com', 'b@example.com']);
    simulator.state.revoke('a@example.com');
    const seen = new Set<string>();
    for (let index = 0; index < 4; index++) seen.add((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email);
    expect([...seen]).toEqual(['b@example.com']);

    const file = await store.read(ids['a@example.com']);
    expect(file?.disabled).toBe(true);
    expect(file?.disabled_at).toBe(Math.floor(now / 1000));
    expect(file?.disabled_reason).toBe('invalid_grant: Token has been expired or revoked.');
    expect(pool.stateOf(ids['a@example.com'])).toBe('disabled');
    expect(logs.map((line) => line.message)).toEqual(
      expect.arrayContaining([
        'Token refresh failed (a@example.com): invalid_grant: Token has been expired or revoked., trying next account',
        'Disabling account due to invalid_grant (a@example.com): refresh_token likely revoked/expired',
      ]),
    );
    // Exactly one refresh attempt with the dead token: it is out of the pool afterwards.
    expect(simulator.state.counters().refresh['a@example.com']).toBe(1);
  });

  it('does not disable a re-added account when a refresh with the old token fails meanwhile', async () => {
    const { pool, store, ids } = await setup(['a@example.com']);
    simulator.state.revoke('a@example.com');
    const fresh = simulator.state.issueRefreshToken('a@example.com');
    // The user re-adds the account on disk (e.g. the CLI) while the running pool still holds the old token.
    await store.update(ids['a@example.com'], (account) => {
      account.token.refresh_token = fresh;
    });
    await expect(pool.acquire(createAcquireContext('gemini-2.5-flash'))).rejects.toThrow(/No available accounts/);
    expect((await store.read(ids['a@example.com']))?.disabled).not.toBe(true);
    await pool.reloadAccounts([ids['a@example.com']]);
    expect((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('a@example.com');
  });

  for (const kind of ['token-unauthorized_client', 'token-invalid_client', 'token-500', 'token-reset'] as const) {
    it(`never disables an account for ${kind}`, async () => {
      const { pool, store, ids } = await setup(['a@example.com', 'b@example.com']);
      simulator.state.addFault({ target: 'token', email: 'a@example.com', kind });
      const emails = new Set<string>();
      for (let index = 0; index < 3; index++) emails.add((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email);
      expect([...emails]).toEqual(['b@example.com']);
      const file = await store.read(ids['a@example.com']);
      expect(file?.disabled).not.toBe(true);
      // Not disabled: only cooled briefly, so requests do not pay a failing refresh each time.
      expect(pool.stateOf(ids['a@example.com'])).toBe('cooling_down');
      now += 60_000;
      simulator.state.clearFaults();
      expect((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('a@example.com');
      if (kind.includes('client')) expect(logs.some((line) => line.level === 'error' && line.message.includes('NOT disabled'))).toBe(true);
    });
  }

  it('never disables an account when the token endpoint refuses connections', async () => {
    const dataDir = await makeDataDir('agt-pool-');
    const store = new AccountStore({ dataDir });
    await store.init();
    const created = simulator.state.createAccount({ email: 'a@example.com' });
    const { account } = await store.upsertByEmail({
      email: 'a@example.com',
      token: { access_token: 'x', refresh_token: created.refreshToken, expires_in: 1, expiry_timestamp: 1, project_id: 'p' },
    });
    const closedPort = 'http://127.0.0.1:9'; // discard port: nothing listens there
    const endpoints = { ...resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url }), tokenUrl: `${closedPort}/token` };
    const oauth = createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher });
    const pool = new AccountPool({ store, oauth, codeAssist: createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher }), logger });
    await pool.load();
    await expect(pool.acquire(createAcquireContext('gemini-2.5-flash'))).rejects.toThrow(/token refresh could not reach Google/);
    expect((await store.read(account.id))?.disabled).not.toBe(true);
  });

  it('skips a cooling account until the upstream reset time, then uses it again', async () => {
    const { pool, ids } = await setup(['a@example.com', 'b@example.com'], { expired: false });
    pool.reportFailure(ids['a@example.com'], { class: 'rate_limit', message: 'quota', cooldownMs: 41_000 });
    for (let index = 0; index < 3; index++) expect((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('b@example.com');
    pool.reportFailure(ids['b@example.com'], { class: 'rate_limit', message: 'quota', cooldownMs: 60_000 });
    await expect(pool.acquire(createAcquireContext('gemini-2.5-flash'))).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 41 });
    now += 41_000;
    expect((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('a@example.com');
  });

  it('model-scoped cooldowns hold the account back for that model only', async () => {
    const { pool, ids } = await setup(['a@example.com'], { expired: false });
    pool.reportFailure(ids['a@example.com'], { class: 'quota_exhausted', message: 'daily quota', cooldownMs: 3_600_000, model: 'gemini-2.5-pro' });
    await expect(pool.acquire(createAcquireContext('gemini-2.5-pro'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect((await pool.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('a@example.com');
  });

  it('skips proxy-disabled accounts and reports why nothing is left', async () => {
    const { pool, store, ids } = await setup(['a@example.com'], { expired: false });
    await store.update(ids['a@example.com'], (account) => {
      account.proxy_disabled = true;
      account.proxy_disabled_reason = 'manual';
    });
    await pool.reloadAccounts([ids['a@example.com']]);
    await expect(pool.acquire(createAcquireContext('gemini-2.5-flash'))).rejects.toThrow('No available accounts: 1 account disabled for the proxy by the user');
  });

  it('names invalid_grant in the error when every account is disabled, without emails', async () => {
    const { pool } = await setup(['a@example.com', 'b@example.com']);
    simulator.state.revoke('a@example.com');
    simulator.state.revoke('b@example.com');
    const failure = await pool.acquire(createAcquireContext('gemini-2.5-flash')).catch((error: Error) => error);
    expect(failure).toMatchObject({ code: 'NO_ACCOUNTS', status: 503 });
    expect((failure as Error).message).toBe('No available accounts: OAuth refresh failed (invalid_grant) for 2 accounts; re-authorize them to restore service');
    expect((failure as Error).message).not.toContain('@');
  });

  it('two instances on one bus share cooldowns, disables and resets (the seam for a Redis-backed pool)', async () => {
    const { pool: first, store, ids, dataDir } = await setup(['a@example.com', 'b@example.com'], { expired: false });
    const bus = createMemoryPoolBus();
    const endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
    const makePool = (coordinator: PoolCoordinator) =>
      new AccountPool({
        store: new AccountStore({ dataDir }),
        oauth: createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher }),
        codeAssist: createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher }),
        logger,
        clock: { now: () => now },
        coordinator,
      });
    first.close();
    const one = makePool(bus.connect());
    const two = makePool(bus.connect());
    await Promise.all([one.load(), two.load()]);

    one.reportFailure(ids['a@example.com'], { class: 'rate_limit', message: '429', cooldownMs: 30_000 });
    expect(two.stateOf(ids['a@example.com'])).toBe('cooling_down');
    for (let index = 0; index < 3; index++) expect((await two.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('b@example.com');

    two.clearCooldowns();
    expect(one.stateOf(ids['a@example.com'])).toBe('active');

    // An invalid_grant seen by one instance takes the account out of the other at once.
    simulator.state.revoke('b@example.com');
    expect(await one.forceRefresh(ids['b@example.com'])).toBeNull();
    expect((await store.read(ids['b@example.com']))?.disabled).toBe(true);
    expect(two.stateOf(ids['b@example.com'])).not.toBe('active');
    for (let index = 0; index < 3; index++) expect((await two.acquire(createAcquireContext('gemini-2.5-flash'))).email).toBe('a@example.com');
    one.close();
    two.close();
  });

  it('resolves and persists the project id, onboarding a new user', async () => {
    const dataDir = await makeDataDir('agt-pool-');
    const store = new AccountStore({ dataDir });
    await store.init();
    const created = simulator.state.createAccount({ email: 'new@example.com', onboarded: false });
    const { account } = await store.upsertByEmail({
      email: 'new@example.com',
      token: { access_token: 'x', refresh_token: created.refreshToken, expires_in: 1, expiry_timestamp: 1 },
    });
    const endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
    const oauth = createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher });
    const codeAssist = createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher });
    const fastCodeAssist = { resolveProjectId: (token: string) => codeAssist.resolveProjectId(token, { pollIntervalMs: 10 }) };
    const pool = new AccountPool({ store, oauth, codeAssist: fastCodeAssist, logger });
    await pool.load();
    const lease = await pool.acquire(createAcquireContext('gemini-2.5-flash'));
    expect(lease.projectId).toBe(created.projectId);
    expect((await store.read(account.id))?.token.project_id).toBe(created.projectId);
    expect(simulator.state.counters().onboardUser['new@example.com']).toBe(1);
  });
});
