import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir, waitFor } from '../../../test/support/e2e-helpers.js';
import { AccountStore } from '../../accounts/index.js';
import { DEFAULT_SETTINGS, type QuotaProtectionSettings } from '../../config/config-schema.js';
import { createCodeAssistClient, createGoogleOAuthClient, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, resolveGoogleEndpoints } from '../../google/index.js';
import type { GoogleSimulator } from '../../simulator/index.js';
import { startSimulatorForTestFile } from '../../simulator/simulator-test-client.js';
import { AccountPool, createAcquireContext } from '../account-pool.js';
import { ModelCatalogueStore } from './model-catalogue-store.js';
import { ModelCatalogueRefresher } from './refresh-model-catalogues.js';

type Json = Record<string, unknown>;

/** The background quota refresh against the real simulator, the real pool and real account files. */
describe('background quota refresh', () => {
  let simulator: GoogleSimulator;
  let dispatcher: Agent;
  let logs: Array<{ level: string; message: string }>;
  let refresher: ModelCatalogueRefresher | undefined;
  let protection: QuotaProtectionSettings;
  let intervalMinutes: number;
  const logger = {
    info: (_object: object, message: string) => logs.push({ level: 'info', message }),
    warn: (_object: object, message: string) => logs.push({ level: 'warn', message }),
    error: (_object: object, message: string) => logs.push({ level: 'error', message }),
  };

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
    logs = [];
    protection = { ...DEFAULT_SETTINGS.quotaProtection, enabled: false };
    intervalMinutes = 10;
  });
  afterEach(() => refresher?.stop());

  async function setup(emails: string[], options: { intervalMs?: number } = {}) {
    const dataDir = await makeDataDir('agt-quota-');
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
    const settings = () => ({
      scheduling: DEFAULT_SETTINGS.scheduling,
      preferredAccountId: null,
      quotaProtection: protection,
      quotaRefreshIntervalMinutes: intervalMinutes,
    });
    const pool = new AccountPool({ store, oauth, codeAssist, logger, settings });
    await pool.load();
    const catalogues = new ModelCatalogueStore();
    refresher = new ModelCatalogueRefresher({ pool, codeAssist, store: catalogues, accounts: store, logger, settings, intervalMs: options.intervalMs, jitterMs: 0 });
    const fileOf = async (email: string) => JSON.parse(await readFile(join(dataDir, 'accounts', `${ids[email]}.json`), 'utf8')) as Json;
    return { pool, store, ids, refresher, fileOf, dataDir };
  }

  it('writes every account’s quota in the desktop app’s shape from one fetchAvailableModels, with the summary and tier, only when it changed', async () => {
    const { refresher, fileOf, ids, dataDir, pool } = await setup(['a@example.com', 'b@example.com']);
    simulator.state.setQuota('a@example.com', { model: 'claude-sonnet-4-6', remainingFraction: 0.29, resetTime: '2031-01-01T00:00:00Z' });
    // Requests in flight while the round runs share each token refresh with it.
    const requests = Array.from({ length: 10 }, () => pool.acquire(createAcquireContext('gemini-3-flash')));
    await Promise.all([refresher.refreshAll(), ...requests]);
    const counters = simulator.state.counters();
    expect(counters.refresh).toEqual({ 'a@example.com': 1, 'b@example.com': 1 });
    expect(counters.quota).toEqual({ 'a@example.com': 1, 'b@example.com': 1 });
    expect(counters.quotaSummary).toEqual({ 'a@example.com': 1, 'b@example.com': 1 });

    const a = await fileOf('a@example.com');
    const quota = a.quota as Json;
    expect(quota.models).toContainEqual({ name: 'claude-sonnet-4-6', percentage: 29, reset_time: '2031-01-01T00:00:00Z' });
    expect((quota.models as Json[]).every((model) => typeof model.percentage === 'number' && typeof model.reset_time === 'string')).toBe(true);
    expect(quota).toMatchObject({
      subscription_tier: 'Gemini Code Assist for individuals',
      model_forwarding_rules: { 'gemini-3.1-pro-high': 'gemini-pro-agent' },
      quota_groups: [
        { display_name: 'Gemini Models', buckets: [{ bucket_id: 'gemini-5h', window: '5h', remaining_fraction: 1 }, { bucket_id: 'gemini-weekly', window: 'weekly' }] },
        { display_name: 'Claude and GPT models', buckets: [{ bucket_id: '3p-5h', remaining_fraction: 0.29 }, { bucket_id: '3p-weekly' }] },
      ],
    });
    expect(typeof quota.last_updated).toBe('number');
    expect(pool.runtimeState(ids['a@example.com'] as string)?.quotaCheckedMs).toBeGreaterThan(Date.now() - 60_000);

    // Nothing changed upstream: the next round writes nothing (the file is not touched at all).
    const path = join(dataDir, 'accounts', `${ids['a@example.com']}.json`);
    const before = (await stat(path)).mtimeMs;
    await refresher.refreshAll();
    expect((await stat(path)).mtimeMs).toBe(before);
    expect(simulator.state.counters().quota['a@example.com']).toBe(2);
    // The tier is asked once per account and process.
    expect(simulator.state.counters().loadCodeAssist['a@example.com'] ?? 0).toBe(1);

    // A change is written, merged into the file: fields other writers own stay.
    simulator.state.setQuota('a@example.com', { model: 'claude-sonnet-4-6', remainingFraction: 0.1 });
    await refresher.refreshAccount(ids['a@example.com'] as string);
    const after = await fileOf('a@example.com');
    expect((after.quota as Json).models).toContainEqual(expect.objectContaining({ name: 'claude-sonnet-4-6', percentage: 10 }));
    expect(after.token).toEqual(a.token);
    expect(after.name).toBe('a@example.com');
  });

  it('a 403 on the quota call is recorded in the file and the log, the account keeps serving, and a later success clears it', async () => {
    const { refresher, fileOf, ids, pool } = await setup(['a@example.com']);
    const id = ids['a@example.com'] as string;
    await refresher.refreshAccount(id);
    simulator.state.addFault({ target: 'quota', kind: '403', count: 2 });
    expect(await refresher.refreshAccount(id)).toBe(false);
    expect(await refresher.refreshAccount(id)).toBe(false);
    const forbidden = (await fileOf('a@example.com')).quota as Json;
    expect(forbidden).toMatchObject({ is_forbidden: true, forbidden_reason: 'Forbidden (403): The caller does not have permission' });
    expect((forbidden.models as Json[]).length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.level === 'warn' && line.message.startsWith('Quota fetch refused with 403'))).toHaveLength(1);
    expect(pool.stateOf(id)).toBe('active');
    expect((await fileOf('a@example.com')).disabled).toBe(false);
    expect((await pool.acquire(createAcquireContext('gemini-3-flash'))).accountId).toBe(id);

    expect(await refresher.refreshAccount(id)).toBe(true);
    expect((await fileOf('a@example.com')).quota).toMatchObject({ is_forbidden: false });
    expect((await fileOf('a@example.com')).quota).not.toHaveProperty('forbidden_reason');
  });

  it('a 403 on the 5-hour / weekly summary is normal: per-model quota is still written and the summary is not asked again soon', async () => {
    const { refresher, fileOf, ids } = await setup(['a@example.com']);
    simulator.state.addFault({ target: 'quotaSummary', kind: '403' });
    const id = ids['a@example.com'] as string;
    expect(await refresher.refreshAccount(id)).toBe(true);
    expect(await refresher.refreshAccount(id)).toBe(true);
    const quota = (await fileOf('a@example.com')).quota as Json;
    expect((quota.models as Json[]).length).toBeGreaterThan(0);
    expect(quota).not.toHaveProperty('quota_groups');
    expect(quota).not.toHaveProperty('is_forbidden');
    expect(simulator.state.counters().quotaSummary['a@example.com']).toBe(1);
    expect(logs.some((line) => line.level === 'warn')).toBe(false);
  });

  it('writes protected_models from the quota and the protection settings, and fetches a protected account again right after its reset', async () => {
    protection = { enabled: true, thresholdPercentage: 20, monitoredModels: ['claude'] };
    const { refresher, fileOf, ids, pool } = await setup(['a@example.com']);
    const id = ids['a@example.com'] as string;
    const resetTime = new Date(Date.now() + 1_500).toISOString();
    simulator.state.setQuota('a@example.com', { model: 'claude-sonnet-4-6', remainingFraction: 0.1, resetTime });
    simulator.state.setQuota('a@example.com', { model: 'claude-opus-4-6-thinking', remainingFraction: 0.15 });
    await refresher.refreshAccount(id);
    expect((await fileOf('a@example.com')).protected_models).toEqual(['claude']);
    expect(pool.stateOf(id)).toBe('quota_protected');
    await expect(pool.acquire(createAcquireContext('claude-sonnet-4-6'))).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });

    // The simulated window resets at `resetTime`; the refresher asks again just after it, on its own.
    await waitFor(async () => pool.stateOf(id) === 'active', { timeoutMs: 10_000, what: 'the refresh after the reset' });
    expect((await fileOf('a@example.com')).protected_models).toBeUndefined();
    expect((await pool.acquire(createAcquireContext('claude-sonnet-4-6'))).accountId).toBe(id);
  });

  it('runs a round at start and then every period; an interval of 0 stops the periodic rounds', async () => {
    const { refresher } = await setup(['a@example.com'], { intervalMs: 200 });
    refresher.start();
    await waitFor(() => (simulator.state.counters().quota['a@example.com'] ?? 0) >= 3, { timeoutMs: 10_000, what: 'three rounds' });
    refresher.stop();

    intervalMinutes = 0;
    const off = (await setup(['b@example.com'])).refresher;
    expect(off.periodMs()).toBe(0);
    off.start();
    await waitFor(() => (simulator.state.counters().quota['b@example.com'] ?? 0) >= 1, { what: 'the start-up fetch' });
    intervalMinutes = 7;
    expect(off.periodMs()).toBe(7 * 60_000);
    off.stop();
  });
});
