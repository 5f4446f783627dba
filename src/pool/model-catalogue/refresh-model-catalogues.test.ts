import { mkdtemp } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../accounts/index.js';
import { createCodeAssistClient, createGoogleOAuthClient, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, resolveGoogleEndpoints } from '../../google/index.js';
import { startGoogleSimulator, type GoogleSimulator, type SimulatedModelInput } from '../../simulator/index.js';
import { AccountPool, createAcquireContext } from '../account-pool.js';
import { ModelCatalogueStore } from './model-catalogue-store.js';
import { ModelCatalogueRefresher } from './refresh-model-catalogues.js';

/** The refresher against the real simulator, the real pool (its single-flight refresh) and real account files. */
describe('ModelCatalogueRefresher', () => {
  let simulator: GoogleSimulator;
  let dispatcher: Agent;
  let logs: Array<{ level: string; message: string }>;
  let refresher: ModelCatalogueRefresher | undefined;
  const logger = {
    info: (_object: object, message: string) => logs.push({ level: 'info', message }),
    warn: (_object: object, message: string) => logs.push({ level: 'warn', message }),
    error: (_object: object, message: string) => logs.push({ level: 'error', message }),
  };

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dispatcher = new Agent({ connections: 64 });
  });
  afterAll(async () => {
    await dispatcher.close();
    await simulator.close();
  });
  beforeEach(() => {
    simulator.state.reset();
    logs = [];
  });
  afterEach(() => refresher?.stop());

  /** Accounts with expired access tokens, so the first fetch (or request) must refresh them. */
  async function setup(accounts: Record<string, SimulatedModelInput[] | undefined>, options: { minGapMs?: number } = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'agt-catalogue-'));
    const store = new AccountStore({ dataDir });
    await store.init();
    const ids: Record<string, string> = {};
    for (const [email, models] of Object.entries(accounts)) {
      const created = simulator.state.createAccount({ email, models });
      const { account } = await store.upsertByEmail({
        email,
        name: email,
        token: {
          access_token: 'sim-at-stale',
          refresh_token: created.refreshToken,
          expires_in: 3599,
          expiry_timestamp: Math.floor(Date.now() / 1000) - 10,
          token_type: 'Bearer',
          project_id: created.projectId,
        },
      });
      ids[email] = account.id;
    }
    const endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
    const oauth = createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher });
    const codeAssist = createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher });
    const pool = new AccountPool({ store, oauth, codeAssist, logger });
    await pool.load();
    const catalogues = new ModelCatalogueStore();
    refresher = new ModelCatalogueRefresher({ pool, codeAssist, store: catalogues, logger, concurrency: 2, minGapMs: options.minGapMs ?? 0 });
    return { pool, catalogues, ids, store, refresher };
  }

  it('fetches every account\'s own catalogue, sharing each token refresh with the requests in flight', async () => {
    const { pool, catalogues, ids, refresher } = await setup({
      'a@example.com': ['gemini-3-flash', 'gemini-3.1-pro-low'],
      'b@example.com': ['claude-sonnet-4-6'],
      'c@example.com': undefined,
    });
    const requests = Array.from({ length: 30 }, () => pool.acquire(createAcquireContext('gemini-3-flash')));
    await Promise.all([refresher.refreshAll(), ...requests]);
    // One refresh per account, whoever asked first: never a second refresh of the same token.
    expect(simulator.state.counters().refresh).toEqual({ 'a@example.com': 1, 'b@example.com': 1, 'c@example.com': 1 });
    expect([...(catalogues.get(ids['a@example.com'] as string)?.models.keys() ?? [])]).toEqual(['gemini-3-flash', 'gemini-3.1-pro-low']);
    expect([...(catalogues.get(ids['b@example.com'] as string)?.models.keys() ?? [])]).toEqual(['claude-sonnet-4-6']);
    const today = catalogues.get(ids['c@example.com'] as string);
    expect(today?.deprecated.get('gemini-3.1-pro-high')).toBe('gemini-pro-agent');
    // The raw per-model entries are kept for the quota work: fraction, reset time, limits.
    expect(today?.models.get('claude-opus-4-6-thinking')).toMatchObject({
      maxOutputTokens: 64_000,
      supportsThinking: true,
      quota: { remainingFraction: 1, resetTime: expect.stringMatching(/Z$/) },
    });
    expect(today?.fetchedAtMs).toBeGreaterThan(Date.now() - 60_000);
    expect(logs.filter((line) => line.message === 'Model catalogue loaded')).toHaveLength(3);
  });

  it('fetches one account again on request, at once or when the minimum gap has passed', async () => {
    const { catalogues, ids, refresher } = await setup({ 'a@example.com': ['gemini-3-flash'] }, { minGapMs: 200 });
    const id = ids['a@example.com'] as string;
    await refresher.refreshAccount(id);
    simulator.state.setCatalogue('a@example.com', ['gemini-3.8-flash-high']);
    refresher.requestRefresh(id);
    refresher.requestRefresh(id);
    expect(catalogues.get(id)?.models.has('gemini-3-flash')).toBe(true);
    const deadline = Date.now() + 5_000;
    while (!catalogues.get(id)?.models.has('gemini-3.8-flash-high')) {
      if (Date.now() > deadline) throw new Error('catalogue not fetched again');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Two requests within the gap made one fetch.
    expect(simulator.state.counters().quota['a@example.com']).toBe(2);
  });

  it('keeps the last catalogue when a fetch fails, and says so once', async () => {
    const { catalogues, ids, refresher } = await setup({ 'a@example.com': ['gemini-3-flash'] });
    const id = ids['a@example.com'] as string;
    await refresher.refreshAccount(id);
    simulator.state.addFault({ target: 'quota', kind: '503', count: 2 });
    expect(await refresher.refreshAccount(id)).toBe(false);
    expect(await refresher.refreshAccount(id)).toBe(false);
    expect(catalogues.get(id)?.models.has('gemini-3-flash')).toBe(true);
    expect(logs.filter((line) => line.level === 'warn' && line.message.startsWith('Could not fetch the model catalogue'))).toHaveLength(1);
  });

  it('stops a round when Google cannot be reached for several accounts in a row, and says so once', async () => {
    const emails = Array.from({ length: 30 }, (_, index) => `u${index}@example.com`);
    const { pool, catalogues } = await setup(Object.fromEntries(emails.map((email) => [email, ['gemini-3-flash']])));
    // The token endpoint answers (the simulator); Cloud Code is a port nobody listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createCodeAssistClient({ baseUrls: [`http://127.0.0.1:${port}`], dispatcher });
    refresher = new ModelCatalogueRefresher({ pool, codeAssist: unreachable, store: catalogues, logger, concurrency: 2, minGapMs: 0 });

    await refresher.refreshAll();
    const failures = logs.filter((line) => line.level === 'warn' && line.message.startsWith('Could not fetch the model catalogue'));
    expect(failures.length).toBeGreaterThanOrEqual(8);
    expect(failures.length).toBeLessThan(emails.length);
    const summary = logs.filter((line) => line.message.includes('could not be reached'));
    expect(summary).toHaveLength(1);
    expect(summary[0]?.message).toContain(`other ${emails.length - failures.length} accounts`);
    // The accounts after the stop were not even given a token.
    expect(Object.keys(simulator.state.counters().refresh)).toHaveLength(failures.length);
  });

  it('retries once with a forced refresh when the backend no longer takes the access token', async () => {
    const { catalogues, ids, refresher } = await setup({ 'a@example.com': ['gemini-3-flash'] });
    const id = ids['a@example.com'] as string;
    await refresher.refreshAccount(id);
    simulator.state.expireAccessTokens('a@example.com');
    simulator.state.setCatalogue('a@example.com', ['gemini-3.1-flash-lite']);
    expect(await refresher.refreshAccount(id)).toBe(true);
    expect(catalogues.get(id)?.models.has('gemini-3.1-flash-lite')).toBe(true);
    expect(simulator.state.counters().refresh['a@example.com']).toBe(2);
  });

  it('a revoked refresh token found by a background fetch disables the account, as a request would', async () => {
    const { pool, catalogues, ids, store, refresher } = await setup({ 'a@example.com': undefined, 'b@example.com': undefined });
    simulator.state.revoke('a@example.com');
    await refresher.refreshAll();
    const a = ids['a@example.com'] as string;
    expect(catalogues.get(a)).toBeUndefined();
    expect(catalogues.get(ids['b@example.com'] as string)).toBeDefined();
    expect(pool.stateOf(a)).toBe('disabled');
    expect((await store.read(a))?.disabled).toBe(true);
    expect(logs.some((line) => line.message.startsWith('Disabling account due to invalid_grant (a@example.com)'))).toBe(true);
  });
});

describe('AccountPool model choice', () => {
  let simulator: GoogleSimulator;
  let dispatcher: Agent;
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dispatcher = new Agent({ connections: 16 });
  });
  afterAll(async () => {
    await dispatcher.close();
    await simulator.close();
  });

  it('leases only accounts the chooser gives a model, with that model; a model 404 there holds it back; none left → 404', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agt-choice-'));
    const store = new AccountStore({ dataDir });
    await store.init();
    const ids: string[] = [];
    for (const email of ['x@example.com', 'y@example.com']) {
      const created = simulator.state.createAccount({ email });
      const expiry = Math.floor(Date.now() / 1000) + 3599;
      const { account } = await store.upsertByEmail({
        email,
        name: email,
        token: { access_token: 'sim-at-x', refresh_token: created.refreshToken, expires_in: 3599, expiry_timestamp: expiry, token_type: 'Bearer', project_id: created.projectId },
      });
      ids.push(account.id);
    }
    const endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
    const oauth = createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher });
    const pool = new AccountPool({ store, oauth, codeAssist: createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher }), logger });
    await pool.load();
    const [x, y] = ids as [string, string];
    const chooser = (accountId: string) => (accountId === y ? 'model-y' : undefined);
    for (let index = 0; index < 4; index++) {
      const lease = await pool.acquire(createAcquireContext('asked', undefined, chooser));
      expect(lease).toMatchObject({ accountId: y, model: 'model-y' });
    }
    pool.reportFailure(y, { class: 'not_found', message: 'Requested entity was not found.', cooldownMs: 60_000, model: 'model-y' });
    const error = await pool.acquire(createAcquireContext('asked', undefined, chooser)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: expect.stringContaining('"asked"') });
    // Other models of the account are not affected; a success clears the hold.
    expect((await pool.acquire(createAcquireContext('other', undefined, (id) => (id === y ? 'model-z' : undefined)))).accountId).toBe(y);
    pool.reportSuccess(y, 'model-y');
    expect((await pool.acquire(createAcquireContext('asked', undefined, chooser))).accountId).toBe(y);
    expect(pool.eligibleAccountIds().sort()).toEqual([x, y].sort());
  });
});
