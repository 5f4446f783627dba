import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountByEmail, runAgt, waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes are what the assertions check

/**
 * The settings, statistics, quota, bulk and import/export parts of the admin API over HTTP against a real gateway and
 * the simulated Google, with the files on disk checked after each change.
 */
describe('settings, statistics, quota and account transfer (admin API)', () => {
  let test: TestGateway;
  const adminPassword = 'stats-quota-admin-password';

  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${adminPassword}` };
    if (method !== 'GET') headers['content-type'] = 'application/json';
    const response = await request(`${test.baseUrl}${path}`, {
      method: method as 'GET',
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await response.body.text();
    return { status: response.statusCode, json: JSON.parse(text) as Json };
  };

  /** A chat request with a given client key (auth is off, so each key is its own client). */
  const chat = async (key: string, content: string, model = 'gemini-2.5-flash') => {
    const response = await request(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });
    return { status: response.statusCode, json: (await response.body.json()) as Json };
  };

  const readConfigFile = async () => JSON.parse(await readFile(join(test.dataDir, 'gui_config.json'), 'utf8')) as Json;
  const idOf = async (email: string) => (await readAccountByEmail(test.dataDir, email)).id;

  beforeAll(async () => {
    test = await startTestGateway({ accounts: 3, flags: { adminPassword, authMode: 'off' } });
  });
  afterAll(async () => test?.close());

  it("saves scheduling, fixed account, quota protection and refresh in Antigravity Tools' places, and reads them back", async () => {
    const preferred = await idOf(test.emails[1]);
    const saved = await call('PUT', '/api/settings', {
      scheduling: { mode: 'CacheFirst', max_wait_seconds: 20 },
      preferred_account_id: preferred,
      quota_protection: { enabled: true, threshold_percentage: 25, monitored_models: ['claude', 'gemini-3-flash'] },
      quota_refresh_interval: 0,
    });
    expect(saved.status).toBe(200);
    const expected = {
      scheduling: { mode: 'CacheFirst', max_wait_seconds: 20 },
      preferred_account_id: preferred,
      quota_protection: { enabled: true, threshold_percentage: 25, monitored_models: ['claude', 'gemini-3-flash'] },
      quota_refresh_interval: 0,
    };
    expect(saved.json).toMatchObject(expected);
    expect((await call('GET', '/api/settings')).json).toMatchObject(expected);
    expect(test.gateway.settings.current).toMatchObject({ scheduling: { mode: 'CacheFirst', maxWaitSeconds: 20 }, preferredAccountId: preferred });

    const file = await readConfigFile();
    expect(file.proxy.scheduling).toEqual({ mode: 'CacheFirst', max_wait_seconds: 20 });
    expect(file.proxy.preferred_account_id).toBe(preferred);
    expect(file.quota_protection).toEqual({ enabled: true, threshold_percentage: 25, monitored_models: ['claude', 'gemini-3-flash'] });
    expect(file.auto_refresh).toBe(false);

    const refused = [
      { scheduling: { mode: 'Fastest' } },
      { quota_protection: { threshold_percentage: 0 } },
      { quota_refresh_interval: -1 },
      { preferred_account_id: 'no-such-account' },
      { scheduling: { mode: 'Balance', surprise: 1 } },
    ];
    for (const body of refused) {
      const answer = await call('PUT', '/api/settings', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await readConfigFile()).proxy.scheduling.mode).toBe('CacheFirst');
    expect((await call('PUT', '/api/settings', { preferred_account_id: null, quota_refresh_interval: 15, scheduling: { mode: 'Balance' } })).json).toMatchObject({
      preferred_account_id: null,
      quota_refresh_interval: 15,
      scheduling: { mode: 'Balance', max_wait_seconds: 20 },
    });
    expect(await readConfigFile()).toMatchObject({ auto_refresh: true, refresh_interval: 15 });
  });

  it('`agt config set` in another process reaches the running gateway without a restart', async () => {
    const env = { AGT_GOOGLE_BASE_URL: test.simulator.url };
    const set = await runAgt(['--data-dir', test.dataDir, 'config', 'set', 'proxy.scheduling.mode', 'PerformanceFirst'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('proxy.scheduling.mode = PerformanceFirst');
    await waitFor(async () => (await call('GET', '/api/settings')).json.scheduling.mode === 'PerformanceFirst', { what: 'the gateway to pick up the edited gui_config.json' });

    const fixed = await runAgt(['--data-dir', test.dataDir, 'config', 'set', 'preferred_account_id', test.emails[2]], env);
    expect(fixed.code, fixed.stderr).toBe(0);
    const id = await idOf(test.emails[2]);
    await waitFor(async () => (await call('GET', '/api/settings')).json.preferred_account_id === id, { what: 'the fixed account by email' });
    expect((await runAgt(['--data-dir', test.dataDir, 'config', 'get', 'proxy.preferred_account_id'], env)).stdout.trim()).toBe(id);
    expect((await runAgt(['--data-dir', test.dataDir, 'config', 'set', 'preferred_account_id', 'nobody@example.com'], env)).code).toBe(1);
    expect((await runAgt(['--data-dir', test.dataDir, 'config', 'set', 'quota_protection.threshold_percentage', '120'], env)).code).toBe(2);
    const listing = await runAgt(['--data-dir', test.dataDir, 'config', 'get'], env);
    expect(listing.stdout).toMatch(/quota_refresh_interval\s+15/);
    expect(listing.stdout).not.toContain(adminPassword);
    expect((await runAgt(['--data-dir', test.dataDir, 'config', 'set', 'preferred_account_id', 'none'], env)).code).toBe(0);
    await waitFor(async () => (await call('GET', '/api/settings')).json.preferred_account_id === null, { what: 'the fixed account cleared' });
  });

  it('counts requests, errors and tokens per model, account, client key and hour, masking the keys', async () => {
    const keys = ['sk-client-one-00000000000000001111', 'sk-client-two-00000000000000002222'];
    let input = 0;
    let output = 0;
    for (let index = 0; index < 6; index++) {
      const reply = await chat(keys[index % 2], `statistics request number ${index}`);
      expect(reply.status).toBe(200);
      input += reply.json.usage.prompt_tokens;
      output += reply.json.usage.completion_tokens;
    }
    const refused = await chat(keys[0], 'x', 'no-such-model-anywhere');
    expect(refused.status).toBeGreaterThanOrEqual(400);

    for (const path of ['/api/stats', '/api/stats/summary', '/api/quota']) {
      const anonymous = await request(`${test.baseUrl}${path}`);
      await anonymous.body.dump();
      expect(anonymous.statusCode, path).toBe(401);
    }
    const stats = await call('GET', `/api/stats?range=24h&utc_offset=0`);
    expect(stats.status).toBe(200);
    expect(stats.json.bucket).toBe('hour');
    expect(stats.json.totals).toMatchObject({ requests: 7, errors: 1, input_tokens: input, output_tokens: output });
    expect(stats.json.timeline.reduce((sum: number, bucket: Json) => sum + bucket.requests, 0)).toBe(7);
    expect(stats.json.timeline.at(-1).requests).toBe(7);
    const byKey = Object.fromEntries(stats.json.by_client_key.map((group: Json) => [group.key, group.requests]));
    expect(byKey).toEqual({ 'sk-…1111': 4, 'sk-…2222': 3 });
    // By the upstream model that served (the model catalogue maps the requested name), as the Monitor shows it.
    const served = (await call('GET', '/api/logs?limit=1&status=200')).json.items[0].mapped_model;
    const byModel = Object.fromEntries(stats.json.by_model.map((group: Json) => [group.key, group.requests]));
    expect(byModel, JSON.stringify(stats.json.by_model)).toEqual({ [served]: 6, 'no-such-model-anywhere': 1 });
    const byAccount = stats.json.by_account.filter((group: Json) => group.key !== '');
    expect(byAccount.reduce((sum: number, group: Json) => sum + group.requests, 0)).toBe(6);
    expect(byAccount.every((group: Json) => test.emails.includes(group.key))).toBe(true);
    expect(stats.json.by_protocol).toEqual([expect.objectContaining({ key: 'openai', requests: 7 })]);

    const summary = await call('GET', `/api/stats/summary?from=${Date.now() - 3_600_000}&to=${Date.now() + 1000}`);
    expect(summary.json.totals.requests).toBe(7);
    const filtered = await call('GET', `/api/stats/by-account?range=1h&client_key=${encodeURIComponent('sk-…2222')}`);
    expect(filtered.json.items.reduce((sum: number, group: Json) => sum + group.requests, 0)).toBe(3);
    const daily = await call('GET', '/api/stats/timeline?range=7d&bucket=day&utc_offset=480');
    expect(daily.json.items).toHaveLength(8);
    expect(new Date(daily.json.items[0].start + 8 * 3_600_000).getUTCHours()).toBe(0);
    for (const bad of ['range=7x', 'from=yesterday', 'bucket=week', 'limit=0', 'utc_offset=2000', 'range=401d']) {
      const answer = await call('GET', `/api/stats?${bad}`);
      expect(answer.status, bad).toBe(400);
      expect(answer.json.code).toBe('INVALID_QUERY');
    }

    // The log keeps the masked label only: no client key, in full, anywhere in the database.
    test.gateway.requestLog.flush();
    const database = await readFile(join(test.dataDir, 'proxy_logs.db'));
    for (const key of keys) expect(database.includes(Buffer.from(key))).toBe(false);
    const logs = await call('GET', '/api/logs?limit=1');
    expect((await call('GET', `/api/logs/${logs.json.items[0].id}`)).json.username).toMatch(/^sk-…(1111|2222)$/);
  });

  it("shows each account's quota per model and the pool's quota left per model", async () => {
    const [first, second, third] = test.emails;
    test.simulator.state.setQuota(first, { model: 'claude-sonnet-4-6', remainingFraction: 0.2, resetTime: '2030-01-01T00:00:00Z' });
    test.simulator.state.setQuota(second, { model: 'claude-sonnet-4-6', remainingFraction: 0.6, resetTime: '2031-01-01T00:00:00Z' });
    test.simulator.state.setQuota(third, { model: 'claude-sonnet-4-6', remainingFraction: 0, resetTime: '2032-01-01T00:00:00Z' });
    const ids = await Promise.all(test.emails.map(idOf));
    const refreshed = await call('POST', '/api/accounts/bulk', { action: 'refresh', ids });
    expect(refreshed.json).toMatchObject({ action: 'refresh', succeeded: 3, failed: 0 });
    expect(((await readAccountByEmail(test.dataDir, first)).quota as Json).models).toEqual(
      expect.arrayContaining([{ name: 'claude-sonnet-4-6', percentage: 20, reset_time: '2030-01-01T00:00:00Z' }]),
    );

    let quota = await call('GET', '/api/quota');
    expect(quota.status).toBe(200);
    const claudeOf = (account: Json) => account.models.find((model: Json) => model.name === 'claude-sonnet-4-6')?.percentage;
    expect(quota.json.accounts.map((account: Json) => [account.email, claudeOf(account)])).toEqual([
      [first, 20],
      [second, 60],
      [third, 0],
    ]);
    expect(quota.json.models.find((model: Json) => model.name === 'claude-sonnet-4-6'), JSON.stringify(quota.json)).toMatchObject({
      accounts: 3,
      exhausted: 1,
      average_percentage: 27,
      min_percentage: 0,
      total_percentage: 80,
      next_reset: '2030-01-01T00:00:00Z',
    });

    // An account taken out of the proxy no longer counts for the pool, but its quota is still listed.
    await call('POST', '/api/accounts/bulk', { action: 'disable', ids: [ids[2]], reason: 'kept aside' });
    quota = await call('GET', '/api/quota');
    expect(quota.json.models.find((model: Json) => model.name === 'claude-sonnet-4-6')).toMatchObject({ accounts: 2, exhausted: 0, average_percentage: 40 });
    expect(quota.json.accounts.find((account: Json) => account.email === third)).toMatchObject({ serving: false, state: 'proxy_disabled' });
    await call('POST', '/api/accounts/bulk', { action: 'enable', ids: [ids[2]] });

    const cli = await runAgt(['--data-dir', test.dataDir, 'accounts', 'quota', first], {});
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/claude-sonnet-4-6\s+█{4}░{16}\s+20%\s+resets in \d+d \d+h/);
    const cliJson = JSON.parse((await runAgt(['--data-dir', test.dataDir, 'accounts', 'quota', '--json'], {})).stdout) as Json[];
    expect(cliJson.map((entry) => entry.email)).toEqual(test.emails);
  });

  it('bulk enable/disable with one reload, and reports unknown ids per item', async () => {
    const ids = await Promise.all(test.emails.slice(0, 2).map(idOf));
    const disabled = await call('POST', '/api/accounts/bulk', { action: 'disable', ids: [...ids, 'missing-id'], reason: 'maintenance' });
    expect(disabled.json).toMatchObject({ succeeded: 2, failed: 1 });
    expect(disabled.json.results.at(-1)).toMatchObject({ id: 'missing-id', ok: false, code: 'NOT_FOUND' });
    for (const email of test.emails.slice(0, 2)) expect(await readAccountByEmail(test.dataDir, email)).toMatchObject({ proxy_disabled: true, proxy_disabled_reason: 'maintenance' });
    const before = test.simulator.state.counters().generate[test.emails[2]] ?? 0;
    for (let index = 0; index < 3; index++) expect((await chat('sk-any-key-000000000000', `only the third ${index}`)).status).toBe(200);
    expect(test.simulator.state.counters().generate[test.emails[2]]).toBe(before + 3);
    expect((await call('POST', '/api/accounts/bulk', { action: 'enable', ids })).json).toMatchObject({ succeeded: 2, failed: 0 });
    expect((await call('POST', '/api/accounts/bulk', { action: 'explode', ids })).status).toBe(400);
    expect((await call('POST', '/api/accounts/bulk', { action: 'enable', ids: [] })).status).toBe(400);
  });

  it("exports and imports accounts in Antigravity Tools' format (a round trip through an empty pool)", async () => {
    const exported = await call('POST', '/api/accounts/export', {});
    expect(exported.status).toBe(200);
    expect(exported.json).toHaveLength(3);
    for (const entry of exported.json as unknown as Json[]) {
      expect(Object.keys(entry).sort()).toEqual(['email', 'refresh_token']);
      expect(entry.refresh_token).toBe(((await readAccountByEmail(test.dataDir, entry.email)).token as Json).refresh_token);
    }
    const one = await call('POST', '/api/accounts/export', { ids: [await idOf(test.emails[0])] });
    expect((one.json as unknown as Json[]).map((entry) => entry.email)).toEqual([test.emails[0]]);

    const ids = await Promise.all(test.emails.map(idOf));
    expect((await call('POST', '/api/accounts/bulk', { action: 'delete', ids })).json).toMatchObject({ succeeded: 3 });
    expect((await call('GET', '/api/accounts')).json.accounts).toEqual([]);

    const imported = await call('POST', '/api/accounts/import', [
      ...(exported.json as unknown as Json[]),
      { email: 'typo@example.com', refresh_token: 'ya29.an-access-token-not-a-refresh-token' },
      { email: 'empty@example.com' },
    ]);
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(imported.json).toMatchObject({ imported: 3, failed: 2 });
    expect(imported.json.results.slice(3).map((result: Json) => result.code)).toEqual(['ACCESS_TOKEN', 'NO_REFRESH_TOKEN']);
    const accounts = (await call('GET', '/api/accounts')).json.accounts as Json[];
    expect(accounts.map((account) => account.email).sort()).toEqual(test.emails);
    expect(accounts.every((account) => account.state === 'active')).toBe(true);
    expect((await chat('sk-after-import-00000000', 'served after the import')).status).toBe(200);

    expect((await call('POST', '/api/accounts/import', { not: 'an export' })).status).toBe(400);
    test.simulator.state.revoke(test.emails[0]);
    const revoked = await call('POST', '/api/accounts/import', { accounts: [(exported.json as unknown as Json[])[0]] });
    expect(revoked.json).toMatchObject({ imported: 0, failed: 1 });
    expect(revoked.json.results[0].code).toBe('INVALID_GRANT');
  });
});
