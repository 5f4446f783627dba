import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySettingsPatchToDocument } from './apply-settings-patch.js';
import { DEFAULT_SETTINGS, parseSchedulingMode } from './config-schema.js';
import { readGuiConfig, updateGuiConfig } from './gui-config-file.js';
import { LiveSettings } from './live-settings.js';
import { loadSettings } from './load-config.js';
import { findSettingKey, SETTING_KEYS } from './settings-keys.js';

let dataDir: string;
const configPath = () => join(dataDir, 'gui_config.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the file's shape is what the assertions check
type Json = Record<string, any>;
const readJson = async () => JSON.parse(await readFile(configPath(), 'utf8')) as Json;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'agt-settings-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A gui_config.json as the desktop app writes it, trimmed: every key agt does not know must survive. */
const DESKTOP_FILE = {
  language: 'zh',
  theme: 'system',
  auto_refresh: true,
  refresh_interval: 15,
  scheduled_warmup: { enabled: false, monitored_models: ['gemini-3-flash'] },
  quota_protection: { enabled: true, threshold_percentage: 20, monitored_models: ['claude'] },
  circuit_breaker: { enabled: true, backoff_steps: [60, 300] },
  proxy: {
    enabled: true,
    port: 8045,
    api_key: 'sk-desktop',
    scheduling: { mode: 'CacheFirst', max_wait_seconds: 30 },
    preferred_account_id: 'acc-1',
    zai: { enabled: false },
  },
};

describe("settings in gui_config.json (Antigravity Tools' names and places)", () => {
  it("reads the desktop app's file: scheduling and fixed account in proxy, quota protection and refresh at the top", async () => {
    await writeFile(configPath(), JSON.stringify(DESKTOP_FILE));
    const { settings, warnings } = await loadSettings(dataDir, {}, {});
    expect(warnings).toEqual([]);
    expect(settings.scheduling).toEqual({ mode: 'CacheFirst', maxWaitSeconds: 30 });
    expect(settings.preferredAccountId).toBe('acc-1');
    expect(settings.quotaProtection).toEqual({ enabled: true, thresholdPercentage: 20, monitoredModels: ['claude'] });
    expect(settings.quotaRefreshIntervalMinutes).toBe(15);
  });

  it('defaults: Balance with 60 s, no fixed account, protection off at 10 %, refresh every 10 minutes', async () => {
    const { settings } = await loadSettings(dataDir, {}, {});
    expect(settings.scheduling).toEqual({ mode: 'Balance', maxWaitSeconds: 60 });
    expect(settings.preferredAccountId).toBeNull();
    expect(settings.quotaProtection).toEqual(DEFAULT_SETTINGS.quotaProtection);
    expect(settings.quotaRefreshIntervalMinutes).toBe(10);
  });

  it('accepts the other spellings of a mode and proxy.quota_protection when the top-level object is missing', async () => {
    expect(['CacheFirst', 'cache_first', 'cachefirst', 'Cache-First'].map(parseSchedulingMode)).toEqual(Array(4).fill('CacheFirst'));
    expect(parseSchedulingMode('fastest')).toBeUndefined();
    await writeFile(configPath(), JSON.stringify({ proxy: { scheduling: { mode: 'performance_first' }, quota_protection: { enabled: true, threshold_percentage: 5 } } }));
    const { settings } = await loadSettings(dataDir, {}, {});
    expect(settings.scheduling.mode).toBe('PerformanceFirst');
    expect(settings.quotaProtection).toMatchObject({ enabled: true, thresholdPercentage: 5 });
  });

  it('writes whole objects, turns the refresh off with auto_refresh, and keeps every unknown key', async () => {
    await writeFile(configPath(), JSON.stringify(DESKTOP_FILE));
    await updateGuiConfig(dataDir, (document) =>
      applySettingsPatchToDocument(document, {
        scheduling: { mode: 'PerformanceFirst' },
        quotaProtection: { thresholdPercentage: 35 },
        quotaRefreshIntervalMinutes: 0,
        preferredAccountId: null,
      }),
    );
    const written = await readJson();
    expect(written.proxy.scheduling).toEqual({ mode: 'PerformanceFirst', max_wait_seconds: 30 });
    expect(written.quota_protection).toEqual({ enabled: true, threshold_percentage: 35, monitored_models: ['claude'] });
    expect(written.auto_refresh).toBe(false);
    expect(written.refresh_interval).toBe(15);
    expect(written.proxy.preferred_account_id).toBeNull();
    expect(written).toMatchObject({ language: 'zh', scheduled_warmup: DESKTOP_FILE.scheduled_warmup, circuit_breaker: DESKTOP_FILE.circuit_breaker });
    expect(written.proxy.zai).toEqual({ enabled: false });
    expect((await loadSettings(dataDir, {}, {})).settings.quotaRefreshIntervalMinutes).toBe(0);

    // On an empty file the objects still come out complete.
    await writeFile(configPath(), '{}');
    await updateGuiConfig(dataDir, (document) => applySettingsPatchToDocument(document, { quotaProtection: { enabled: true }, quotaRefreshIntervalMinutes: 5 }));
    const fresh = await readJson();
    expect(fresh.quota_protection).toEqual({ enabled: true, threshold_percentage: 10, monitored_models: DEFAULT_SETTINGS.quotaProtection.monitoredModels });
    expect(fresh).toMatchObject({ auto_refresh: true, refresh_interval: 5 });
  });

  it('loses no update when many writers race (the file lock), and refuses values that would not validate', async () => {
    await writeFile(configPath(), JSON.stringify(DESKTOP_FILE));
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        updateGuiConfig(dataDir, (document) => {
          document[`writer_${index}`] = index;
        }),
      ),
    );
    const written = await readJson();
    for (let index = 0; index < 20; index++) expect(written[`writer_${index}`]).toBe(index);
    await expect(updateGuiConfig(dataDir, (document) => applySettingsPatchToDocument(document, { quotaProtection: { thresholdPercentage: 150 } }))).rejects.toThrow(
      /quota_protection.threshold_percentage/,
    );
    expect((await readJson()).quota_protection.threshold_percentage).toBe(20);
    expect((await readGuiConfig(dataDir)).problem).toBeNull();
  });

  it('never overwrites a file it cannot use', async () => {
    await writeFile(configPath(), JSON.stringify({ quota_protection: { threshold_percentage: 'high' } }));
    const read = await readGuiConfig(dataDir);
    expect(read.problem).toMatch(/quota_protection.threshold_percentage/);
    await expect(updateGuiConfig(dataDir, () => undefined)).rejects.toThrow(/Not saving settings/);
    expect(await readFile(configPath(), 'utf8')).toBe(JSON.stringify({ quota_protection: { threshold_percentage: 'high' } }));
  });

  it('live settings: an update is saved and applied; a reload picks up another writer; flags keep winning', async () => {
    await writeFile(configPath(), JSON.stringify(DESKTOP_FILE));
    const flags = { port: 9999 };
    const { settings: initial } = await loadSettings(dataDir, flags, {});
    const live = new LiveSettings(dataDir, initial, { flags, env: {} });
    const changes: string[] = [];
    live.on('change', (next: typeof initial) => changes.push(next.scheduling.mode));

    await live.update({ scheduling: { mode: 'Balance' }, quotaProtection: { enabled: false } });
    expect(live.current.scheduling).toEqual({ mode: 'Balance', maxWaitSeconds: 30 });
    expect((await readJson()).proxy.scheduling.mode).toBe('Balance');

    // Another process (agt config set, the desktop app) edits the file.
    const edited = await readJson();
    edited.proxy.scheduling.mode = 'PerformanceFirst';
    edited.proxy.port = 1234;
    edited.refresh_interval = 3;
    await writeFile(configPath(), JSON.stringify(edited));
    expect(await live.reload()).toEqual({ changed: true, problem: null });
    expect(live.current.scheduling.mode).toBe('PerformanceFirst');
    expect(live.current.quotaRefreshIntervalMinutes).toBe(3);
    expect(live.current.port).toBe(9999);
    expect(live.current.apiKey).toBe('sk-desktop');
    expect(await live.reload()).toEqual({ changed: false, problem: null });
    expect(changes).toEqual(['Balance', 'PerformanceFirst']);

    await writeFile(configPath(), '{ broken');
    const broken = await live.reload();
    expect(broken.changed).toBe(false);
    expect(broken.problem).toMatch(/invalid JSON/);
    expect(live.current.scheduling.mode).toBe('PerformanceFirst');
  });

  it('live settings: a reload that read the file before an update finished never undoes the update', async () => {
    await writeFile(configPath(), JSON.stringify(DESKTOP_FILE));
    const { settings: initial } = await loadSettings(dataDir, {}, {});
    const live = new LiveSettings(dataDir, initial, { env: {} });
    for (let round = 0; round < 20; round += 1) {
      const apiKey = `sk-round-${round}-0123456789`;
      const reloading = live.reload();
      await live.update({ apiKey });
      await reloading;
      expect(live.current.apiKey).toBe(apiKey);
    }
    // With no update in between, a reload still picks up another writer.
    const edited = await readJson();
    edited.proxy.api_key = 'sk-other-writer-0123456789';
    await writeFile(configPath(), JSON.stringify(edited));
    expect(await live.reload()).toEqual({ changed: true, problem: null });
    expect(live.current.apiKey).toBe('sk-other-writer-0123456789');
  });

  it('config keys: the file path or an alias finds a setting; bad values are refused with the reason', () => {
    expect(findSettingKey('proxy.scheduling.mode')).toBe(findSettingKey('scheduling.mode'));
    expect(findSettingKey('refresh_interval')?.key).toBe('quota_refresh_interval');
    expect(findSettingKey('Proxy.Scheduling.Mode')?.key).toBe('proxy.scheduling.mode');
    expect(findSettingKey('nothing')).toBeUndefined();
    expect(findSettingKey('scheduling.mode')?.parse('cache_first')).toEqual({ scheduling: { mode: 'CacheFirst' } });
    expect(findSettingKey('preferred_account_id')?.parse('none')).toEqual({ preferredAccountId: null });
    expect(findSettingKey('quota_protection.monitored_models')?.parse(' claude, gemini-3-flash ,claude')).toEqual({
      quotaProtection: { monitoredModels: ['claude', 'gemini-3-flash'] },
    });
    expect(() => findSettingKey('quota_protection.threshold_percentage')?.parse('0')).toThrow(/1 to 99/);
    expect(() => findSettingKey('scheduling.mode')?.parse('fastest')).toThrow(/CacheFirst, Balance, PerformanceFirst/);
    expect(new Set(SETTING_KEYS.map((entry) => entry.key)).size).toBe(SETTING_KEYS.length);
  });
});
