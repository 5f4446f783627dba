import { describe, expect, it } from 'vitest';
import type { AccountView, Settings } from './api';
import { filterAccounts } from './accounts/filter-accounts';
import { buildExportFileName, parseImportFile } from './accounts/parse-import-file';
import { selectQuotaTone, summarizePoolQuota } from './accounts/summarize-pool-quota';
import { en } from './i18n/en';
import { LANGUAGE_STORAGE_KEY, readLanguagePreference } from './i18n/language-preference';
import { getLanguage, matchLanguage, setLocale, t } from './i18n/t';
import { zhCN } from './i18n/zh-cn';
import { zhTW } from './i18n/zh-tw';
import { formatRequestPath } from './monitor/format-request-path';
import { buildPoolSettingsUpdate, convertSettingsToPoolDraft, parseModelList } from './proxy/pool-settings-draft';
import { buildColumnChart, roundUpNice } from './stats/build-column-chart';

function account(id: string, overrides: Partial<AccountView> = {}): AccountView {
  return { id, email: `${id}@example.com`, state: 'active', disabled: false, proxy_disabled: false, ...overrides };
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dictionaries', () => {
  it('Traditional and Simplified Chinese translate every key, keep every placeholder and are not English', () => {
    for (const [name, dictionary] of Object.entries({ zhTW, zhCN })) {
      expect(Object.keys(dictionary).sort(), name).toEqual(Object.keys(en).sort());
      for (const [key, english] of Object.entries(en)) {
        const text = dictionary[key as keyof typeof en];
        expect(text.trim(), `${name} ${key}`).not.toBe('');
        expect(placeholders(text), `${name} ${key}`).toEqual(placeholders(english));
      }
      const translated = Object.entries(en).filter(([key, english]) => dictionary[key as keyof typeof en] !== english).length;
      expect(translated / Object.keys(en).length, name).toBeGreaterThan(0.9);
    }
    expect(Object.entries(zhTW).filter(([key, text]) => zhCN[key as keyof typeof en] === text && /[\u4e00-\u9fff]/.test(text)).length).toBeLessThan(
      Object.keys(en).length / 2,
    );
  });

  it('picks Traditional for TW/HK/MO/Hant, Simplified for other Chinese, English otherwise', () => {
    expect(['zh-TW', 'zh-HK', 'zh-Hant', 'zh-hant-MO'].map(matchLanguage)).toEqual(['zh-TW', 'zh-TW', 'zh-TW', 'zh-TW']);
    expect(['zh', 'zh-CN', 'zh-SG', 'zh-Hans'].map(matchLanguage)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    expect(matchLanguage('en-GB')).toBe('en');
    expect(matchLanguage('fr-FR')).toBeNull();
    setLocale('zh-HK');
    expect(getLanguage()).toBe('zh-TW');
    expect(t('nav.accounts')).toBe('帳號');
    setLocale('zh-CN');
    expect(t('nav.accounts')).toBe('账号');
    setLocale('en');
  });

  it('remembers the chosen language over the browser one', () => {
    const storage = new Map<string, string>();
    const fake = { getItem: (key: string) => storage.get(key) ?? null };
    expect(readLanguagePreference(fake, ['fr-FR', 'zh-TW'])).toBe('zh-TW');
    storage.set(LANGUAGE_STORAGE_KEY, 'zh-CN');
    expect(readLanguagePreference(fake, ['en-US'])).toBe('zh-CN');
    storage.set(LANGUAGE_STORAGE_KEY, 'klingon');
    expect(readLanguagePreference(fake, ['de-DE'])).toBe('en');
    const throwing = { getItem: () => { throw new Error('denied'); } };
    expect(readLanguagePreference(throwing, ['zh-TW'])).toBe('zh-TW');
  });
});

describe('accounts page helpers', () => {
  const accounts = [
    account('a1', { email: 'ada@example.com', name: 'Ada Lovelace', project_id: 'proj-x' }),
    account('b2', { email: 'bob@example.com', state: 'disabled', disabled: true }),
    account('c3', { email: 'cy@corp.io', state: 'proxy_disabled', proxy_disabled: true }),
  ];

  it('filters by every word of the search over email, name, id and project, and by state', () => {
    expect(filterAccounts(accounts, 'example', 'all').map((item) => item.id)).toEqual(['a1', 'b2']);
    expect(filterAccounts(accounts, 'ada LOVELACE', 'all').map((item) => item.id)).toEqual(['a1']);
    expect(filterAccounts(accounts, 'proj-x', 'all').map((item) => item.id)).toEqual(['a1']);
    expect(filterAccounts(accounts, 'c3', 'all').map((item) => item.id)).toEqual(['c3']);
    expect(filterAccounts(accounts, '', 'disabled').map((item) => item.id)).toEqual(['b2']);
    expect(filterAccounts(accounts, 'ada', 'disabled')).toEqual([]);
  });

  it('summarizes quota per model over the serving accounts only', () => {
    const reset = '2030-01-01T00:00:00Z';
    const later = '2030-01-02T00:00:00Z';
    const summary = summarizePoolQuota([
      account('a', { quota: { models: [{ name: 'claude', percentage: 20, reset_time: later }, { name: 'flash', percentage: 100, reset_time: reset }] } }),
      account('b', { state: 'cooling_down', quota: { models: [{ name: 'claude', percentage: 0, reset_time: reset }] } }),
      account('c', { state: 'disabled', quota: { models: [{ name: 'claude', percentage: 100, reset_time: reset }, { name: 'pro', percentage: 50 }] } }),
    ]);
    expect(summary).toEqual([
      { name: 'claude', accounts: 2, exhausted: 1, average: 10, nextReset: Date.parse(reset) },
      { name: 'flash', accounts: 1, exhausted: 0, average: 100, nextReset: undefined },
    ]);
    expect([80, 50, 49, 20, 19, 0].map(selectQuotaTone)).toEqual(['green', 'green', 'amber', 'amber', 'red', 'red']);
  });

  it("reads Antigravity Tools' export format and names the file like it does", () => {
    expect(parseImportFile('[{"email":"a@b.c","refresh_token":"1//x"}]')).toEqual({ ok: true, entries: [{ email: 'a@b.c', refresh_token: '1//x' }], count: 1 });
    expect(parseImportFile('\uFEFF{"accounts":[{"refresh_token":"1//y"}]}')).toMatchObject({ ok: true, count: 1 });
    expect(parseImportFile('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseImportFile('{nope')).toEqual({ ok: false, problem: 'json' });
    expect(parseImportFile('[{"email":"a@b.c"}]')).toEqual({ ok: false, problem: 'shape' });
    expect(parseImportFile('[]')).toEqual({ ok: false, problem: 'shape' });
    expect(buildExportFileName(new Date(2026, 0, 5, 23, 59))).toBe('antigravity_accounts_2026-01-05.json');
  });
});

describe('proxy page: scheduling, fixed account and quota settings', () => {
  const settings = {
    scheduling: { mode: 'Balance', max_wait_seconds: 60 },
    preferred_account_id: null,
    quota_protection: { enabled: false, threshold_percentage: 10, monitored_models: ['claude', 'gemini-3-flash'] },
    quota_refresh_interval: 10,
  } as unknown as Settings;

  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    const draft = convertSettingsToPoolDraft(settings);
    expect(buildPoolSettingsUpdate(settings, draft)).toEqual({ ok: true, update: {} });
    expect(
      buildPoolSettingsUpdate(settings, { ...draft, mode: 'CacheFirst', preferredAccountId: 'acc-1', threshold: '25', monitoredModels: 'claude,\ngemini-3-flash, claude', refreshInterval: '0' }),
    ).toEqual({
      ok: true,
      update: { scheduling: { mode: 'CacheFirst' }, preferred_account_id: 'acc-1', quota_protection: { threshold_percentage: 25 }, quota_refresh_interval: 0 },
    });
    expect(buildPoolSettingsUpdate({ ...settings, preferred_account_id: 'acc-1' }, draft)).toEqual({ ok: true, update: { preferred_account_id: null } });
  });

  it('refuses values the gateway would refuse', () => {
    const draft = convertSettingsToPoolDraft(settings);
    expect(buildPoolSettingsUpdate(settings, { ...draft, threshold: '0' }).ok).toBe(false);
    expect(buildPoolSettingsUpdate(settings, { ...draft, threshold: '100' }).ok).toBe(false);
    expect(buildPoolSettingsUpdate(settings, { ...draft, maxWaitSeconds: '1.5' }).ok).toBe(false);
    expect(buildPoolSettingsUpdate(settings, { ...draft, refreshInterval: '' }).ok).toBe(false);
    expect(parseModelList(' a , b\n\na ')).toEqual(['a', 'b']);
  });
});

describe('charts and monitor', () => {
  it('scales columns to a round maximum and labels a few evenly spread columns', () => {
    expect([0, 7, 10, 11, 180, 2400].map(roundUpNice)).toEqual([1, 10, 10, 20, 200, 2500]);
    const chart = buildColumnChart(
      Array.from({ length: 24 }, (_, index) => ({ start: index, segments: [index, 1] })),
      { width: 600, height: 200, maxLabels: 6 },
    );
    expect(chart.max).toBe(25);
    expect(chart.labelled).toEqual([0, 4, 8, 12, 16, 20]);
    const last = chart.columns[23];
    expect(last.total).toBe(24);
    const stacked = last.rects.reduce((sum, rect) => sum + rect.height, 0);
    expect(stacked / chart.plot.height).toBeCloseTo(24 / 25);
    expect(last.rects[1].y + last.rects[1].height).toBeCloseTo(last.rects[0].y);
    expect(chart.columns.every((column) => column.x >= chart.plot.left && column.x + column.width <= chart.plot.left + chart.plot.width + 0.001)).toBe(true);
  });

  it('shows the request path without its query (a Gemini ?key= must not appear)', () => {
    expect(formatRequestPath('/v1beta/models/gemini-2.5-flash:generateContent?key=secret')).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(formatRequestPath('/v1/messages')).toBe('/v1/messages');
  });
});
