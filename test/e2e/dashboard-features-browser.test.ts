import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, readAccountByEmail, REPO_ROOT, waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes are what the assertions check

/**
 * The dashboard pages for the people who run agt every day, driven in a real headless Chromium against a real gateway
 * over the simulated Google: quota bars and the pool summary, search and filter, bulk actions, export and import of
 * accounts as a file, re-authorization (the right account through the pop-up, the wrong one refused), the scheduling
 * and quota settings saved and read back, the Statistics page, the Monitor's path column, and the language switch
 * remembered across a reload. Screenshots go to test-artifacts/screenshots/ (and docs/screenshots/ with
 * AGT_UPDATE_SCREENSHOTS=1).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const DASHBOARD_DIR = join(REPO_ROOT, 'web', 'dist');
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');
const DOCS_SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const README_SCREENSHOTS = ['accounts-quota.png', 'accounts-bulk.png', 'accounts-import.png', 'proxy-scheduling.png', 'statistics.png', 'accounts-zh-tw.png'];
const WAIT_MS = 15_000;
const ADMIN_PASSWORD = 'dashboard-features-password';

describe.skipIf(!hasChromium)(`dashboard features in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} missing)`}`, () => {
  let test: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let allowSignIn = true;
  const pageErrors: string[] = [];

  const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, name), animations: 'disabled', fullPage: true });
  const row = (email: string, state?: string) =>
    page.locator(`[data-testid=account-row][data-email="${email}"]${state === undefined ? '' : `[data-state=${state}]`}`);
  const chat = async (content: string, model = 'gemini-2.5-flash') => {
    const response = await fetch(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${test.apiKey}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });
    await response.text();
    return response.status;
  };
  const admin = async (path: string) => {
    const response = await fetch(`${test.baseUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_PASSWORD}` } });
    return (await response.json()) as Json;
  };
  const dismissNotice = async () => {
    const notice = page.getByTestId('notice');
    if ((await notice.count()) > 0) {
      await notice.getByRole('button').click();
      await notice.waitFor({ state: 'detached', timeout: WAIT_MS });
    }
  };

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) throw new Error(`${DASHBOARD_DIR}/index.html is missing: run \`npm run build\` first`);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    test = await startTestGateway({ accounts: 3, flags: { adminPassword: ADMIN_PASSWORD }, dashboardDir: DASHBOARD_DIR });
    const [first, second, third] = test.emails;
    // Different quota per account and model, as Google reports it, so the bars differ.
    test.simulator.state.setQuota(first, { model: 'claude-sonnet-4-6', remainingFraction: 0.35 });
    test.simulator.state.setQuota(second, { model: 'claude-sonnet-4-6', remainingFraction: 0.9 });
    test.simulator.state.setQuota(third, { model: 'claude-sonnet-4-6', remainingFraction: 0.05 });
    test.simulator.state.setQuota(second, { model: 'gemini-3-flash', remainingFraction: 0.6 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
    // Only the gateway, and the simulated Google's sign-in page while a step allows it.
    const allowed = [new URL(test.baseUrl).origin, new URL(test.simulator.url).origin];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === allowed[0] || (allowSignIn && url.origin === allowed[1] && url.pathname === '/o/oauth2/v2/auth')) return route.continue();
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('quota bars, search, bulk actions, export/import, re-authorize, settings, statistics, monitor path, languages', { timeout: 180_000 }, async () => {
    const [first, second, third] = test.emails;

    // 1. Log in; tick every account and refresh their quota in one bulk action: the bars show the new quota, no click.
    await page.goto(`${test.baseUrl}/`);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await row(first, 'active').waitFor({ timeout: WAIT_MS });
    // The background refresh fetched every account's quota at start-up: bars are there before any click.
    expect(Number(await row(first).getByTestId('account-quota').getAttribute('data-models'))).toBeGreaterThan(0);
    await page.getByTestId('account-select-all').check();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    await page.getByTestId('bulk-refresh').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent(), { timeout: WAIT_MS }).toBe('Quota of 3 account(s) refreshed.');
    const claudeBar = (email: string) => row(email).locator('[data-testid=quota-bar][data-model="claude-sonnet-4-6"]');
    await claudeBar(first).waitFor({ timeout: WAIT_MS });
    // The bars were there from the start-up fetch; the refreshed figures replace them.
    await expect.poll(() => claudeBar(first).getAttribute('data-percentage'), { timeout: WAIT_MS }).toBe('35');
    expect(await claudeBar(second).getAttribute('data-percentage')).toBe('90');
    expect(await claudeBar(third).getAttribute('data-percentage')).toBe('5');
    expect(await claudeBar(first).getByTestId('quota-reset').textContent()).toMatch(/^resets in \dh \d\dm \d\ds$/);
    expect(await claudeBar(first).isVisible()).toBe(true);
    const poolClaude = page.locator('[data-testid=pool-quota-model][data-model="claude-sonnet-4-6"]');
    expect(await poolClaude.getAttribute('data-percentage')).toBe('43');
    expect(await poolClaude.textContent()).toContain('3 accounts, 0 used up');
    await page.getByTestId('bulk-clear').click();
    await dismissNotice();
    await shoot('accounts-quota.png');

    // 2. Search and filter.
    await page.getByTestId('account-search').fill('user2');
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: WAIT_MS }).toBe(1);
    expect(await page.getByTestId('account-shown').textContent()).toBe('1 of 3 shown');
    await page.getByTestId('account-search').fill('');
    await page.getByTestId('account-state-filter').selectOption('disabled');
    await page.getByTestId('accounts-no-match').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('account-state-filter').selectOption('all');
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: WAIT_MS }).toBe(3);

    // 3. Bulk disable two accounts, then enable them again; the files say so.
    await row(first).getByTestId('account-select').check();
    await row(second).getByTestId('account-select').check();
    await page.getByTestId('bulk-bar').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'accounts-bulk.png'), animations: 'disabled' });
    await page.getByTestId('bulk-disable').click();
    await row(first, 'proxy_disabled').waitFor({ timeout: WAIT_MS });
    await row(second, 'proxy_disabled').waitFor({ timeout: WAIT_MS });
    expect(await readAccountByEmail(test.dataDir, first)).toMatchObject({ proxy_disabled: true, proxy_disabled_reason: 'Disabled by the user (bulk action)' });
    await page.getByTestId('account-state-filter').selectOption('proxy_disabled');
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: WAIT_MS }).toBe(2);
    await page.getByTestId('bulk-enable').click();
    await page.getByTestId('accounts-no-match').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('account-state-filter').selectOption('all');
    await row(first, 'active').waitFor({ timeout: WAIT_MS });
    await row(second, 'active').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('bulk-clear').click();
    await dismissNotice();

    // 4. Export every account to a file, delete them all, import the file: the same accounts come back and serve.
    await page.getByTestId('export-accounts').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('confirm-ok').click()]);
    expect(download.suggestedFilename()).toMatch(/^antigravity_accounts_\d{4}-\d\d-\d\d\.json$/);
    const exportPath = join(await makeDataDir('agt-export-'), download.suggestedFilename());
    await download.saveAs(exportPath);
    const exported = JSON.parse(await readFile(exportPath, 'utf8')) as Json[];
    expect(exported.map((entry) => entry.email).sort()).toEqual(test.emails);
    for (const entry of exported) expect(Object.keys(entry).sort()).toEqual(['email', 'refresh_token']);
    await page.getByTestId('account-select-all').check();
    await page.getByTestId('bulk-delete').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('accounts-empty').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('import-accounts').click();
    const importDialog = page.getByTestId('import-dialog');
    await importDialog.getByTestId('import-file').setInputFiles(exportPath);
    await expect.poll(() => importDialog.getByTestId('import-text').inputValue(), { timeout: WAIT_MS }).toContain('refresh_token');
    await importDialog.getByTestId('import-submit').click();
    const result = importDialog.getByTestId('import-result');
    await result.waitFor({ timeout: WAIT_MS });
    expect(await result.getAttribute('data-imported')).toBe('3');
    expect(await result.getAttribute('data-failed')).toBe('0');
    await shoot('accounts-import.png');
    await importDialog.getByTestId('dialog-close').click();
    for (const email of test.emails) await row(email, 'active').waitFor({ timeout: WAIT_MS });
    expect(await chat('served after the import')).toBe(200);
    // Imported accounts are new files: their quota is fetched again.
    await page.getByTestId('account-select-all').check();
    await page.getByTestId('bulk-refresh').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent(), { timeout: WAIT_MS }).toBe('Quota of 3 account(s) refreshed.');
    await page.getByTestId('bulk-clear').click();
    await claudeBar(first).waitFor({ timeout: WAIT_MS });
    await dismissNotice();

    // 5. Re-authorize: a token of another account is refused as "signed in as someone else"; the pop-up signs in as
    //    the right account (login_hint) and the account is active again.
    for (let index = 0; index < 3; index++) expect(await chat(`warm ${index}`)).toBe(200);
    test.simulator.state.revoke(third);
    // New conversations rotate over the accounts and reach the revoked one (Balance keeps one conversation on one account).
    let conversation = 0;
    await waitFor(async () => (await chat(`after revoke ${++conversation}`)) === 200 && (await admin('/api/accounts')).accounts.some((item: Json) => item.email === third && item.state === 'disabled'), {
      timeoutMs: WAIT_MS,
      what: `${third} disabled`,
    });
    await row(third, 'disabled').waitFor({ timeout: WAIT_MS });
    allowSignIn = false;
    await row(third).getByTestId('reauthorize').click();
    const oauthDialog = page.getByTestId('oauth-dialog');
    await oauthDialog.getByTestId('oauth-link').waitFor({ timeout: WAIT_MS });
    expect(new URL((await oauthDialog.getByTestId('oauth-link').getAttribute('href')) ?? '').searchParams.get('login_hint')).toBe(third);
    await oauthDialog.getByTestId('refresh-token-input').fill(test.simulator.state.issueRefreshToken(first));
    await oauthDialog.getByTestId('refresh-token-submit').click();
    const wrong = oauthDialog.getByTestId('refresh-token-result');
    await wrong.waitFor({ timeout: WAIT_MS });
    expect(await wrong.getAttribute('data-other-account')).toBe('true');
    expect(await wrong.textContent()).toBe(`You signed in as ${first}, not ${third}: ${third} is still disabled. Sign in again and choose ${third}.`);
    expect(await page.getByTestId('notice').getAttribute('class')).toContain('notice-error');
    await oauthDialog.getByTestId('dialog-close').click();
    await row(third, 'disabled').waitFor({ timeout: WAIT_MS });
    allowSignIn = true;
    const [popup] = await Promise.all([context.waitForEvent('page'), row(third).getByTestId('reauthorize').click()]);
    await oauthDialog.locator('[data-testid=oauth-status][data-phase=done]').waitFor({ timeout: WAIT_MS });
    expect(await oauthDialog.getByTestId('oauth-status').textContent()).toBe(`Signed in. ${third} is ready.`);
    await popup.close();
    await oauthDialog.getByTestId('dialog-close').click();
    await row(third, 'active').waitFor({ timeout: WAIT_MS });
    await dismissNotice();

    // 6. Scheduling, fixed account and quota settings: saved, on disk in Antigravity Tools' places, read back after a reload.
    await page.getByTestId('nav-proxy').click();
    await page.getByTestId('proxy-scheduling-mode').selectOption('CacheFirst');
    await page.getByTestId('proxy-max-wait').fill('30');
    await page.getByTestId('proxy-preferred-account').selectOption({ label: second });
    await page.getByTestId('proxy-quota-protection').check();
    await page.getByTestId('proxy-quota-threshold').fill('20');
    await page.getByTestId('proxy-quota-models').fill('claude, gemini-3-flash');
    await page.getByTestId('proxy-quota-refresh').fill('5');
    await page.getByTestId('settings-dirty').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent(), { timeout: WAIT_MS }).toBe('Settings saved and applied.');
    const secondId = (await readAccountByEmail(test.dataDir, second)).id;
    const file = JSON.parse(await readFile(join(test.dataDir, 'gui_config.json'), 'utf8')) as Json;
    expect(file.proxy.scheduling).toEqual({ mode: 'CacheFirst', max_wait_seconds: 30 });
    expect(file.proxy.preferred_account_id).toBe(secondId);
    expect(file.quota_protection).toEqual({ enabled: true, threshold_percentage: 20, monitored_models: ['claude', 'gemini-3-flash'] });
    expect(file).toMatchObject({ auto_refresh: true, refresh_interval: 5 });
    await page.reload();
    await page.getByTestId('proxy-scheduling-mode').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('proxy-scheduling-mode').inputValue()).toBe('CacheFirst');
    expect(await page.getByTestId('proxy-max-wait').inputValue()).toBe('30');
    await expect.poll(() => page.getByTestId('proxy-preferred-account').inputValue(), { timeout: WAIT_MS }).toBe(secondId);
    expect(await page.getByTestId('proxy-quota-protection').isChecked()).toBe(true);
    expect(await page.getByTestId('proxy-quota-threshold').inputValue()).toBe('20');
    expect(await page.getByTestId('proxy-quota-models').inputValue()).toBe('claude, gemini-3-flash');
    expect(await page.getByTestId('proxy-quota-refresh').inputValue()).toBe('5');
    expect(await page.getByTestId('settings-dirty').count()).toBe(0);
    // The section from its heading down (the sticky top bar stays above it).
    await page.getByTestId('proxy-scheduling-mode').evaluate((element) => {
      const heading = element.closest('form')?.querySelectorAll('h2')[2] ?? element;
      window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 70);
    });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'proxy-scheduling.png'), animations: 'disabled' });
    await page.getByTestId('nav-accounts').click();
    await row(second).getByTestId('account-fixed').waitFor({ timeout: WAIT_MS });
    expect(await row(first).getByTestId('account-fixed').count()).toBe(0);

    // 7. Statistics: the page shows what the gateway counted, per model and account, with a chart over time.
    const anthropic = await fetch(`${test.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': test.apiKey },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'statistics from claude' }] }),
    });
    expect(anthropic.status).toBe(200);
    await anthropic.text();
    await page.getByTestId('nav-stats').click();
    const totals = page.getByTestId('stats-totals');
    await totals.waitFor({ timeout: WAIT_MS });
    const expected = (await admin('/api/stats?range=24h')).totals as Json;
    expect(Number((await page.getByTestId('stats-requests-value').textContent())?.replace(/,/g, ''))).toBe(expected.requests);
    expect(expected.requests).toBeGreaterThan(5);
    const columns = page.locator('[data-testid=stats-chart-tokens] [data-testid=chart-column]');
    expect(await columns.count()).toBe(25);
    const lastTotal = Number(await columns.last().getAttribute('data-total'));
    expect(lastTotal).toBe(expected.input_tokens + expected.output_tokens);
    expect(await columns.last().locator('title').textContent()).toMatch(/requests \(\d+ errors\)/);
    const modelRows = page.locator('[data-testid=stats-row][data-dimension=model]');
    expect(await modelRows.count()).toBeGreaterThanOrEqual(2);
    const accountRows = page.locator('[data-testid=stats-row][data-dimension=account]');
    expect((await accountRows.evaluateAll((rows) => rows.map((item) => item.getAttribute('data-key')))).filter((key) => key !== '').sort()).toEqual(test.emails);
    expect(await page.locator('[data-testid=stats-row][data-dimension=protocol][data-key=anthropic]').count()).toBe(1);
    await shoot('statistics.png');
    await page.getByTestId('stats-range-7d').click();
    await page.locator('[data-testid=stats-totals][data-range="7d"]').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-testid=stats-chart-tokens] [data-testid=chart-column]').count()).toBe(8);

    // 8. Monitor: each row names the path it was sent to.
    await page.getByTestId('nav-monitor').click();
    const paths = page.getByTestId('log-path');
    await paths.first().waitFor({ timeout: WAIT_MS });
    const shownPaths = await paths.allTextContents();
    expect(shownPaths).toContain('/v1/messages');
    expect(shownPaths).toContain('/v1/chat/completions');

    // 9. Languages: Traditional Chinese, remembered across a reload; Simplified Chinese; back to English.
    await page.getByTestId('nav-accounts').click();
    await row(first).waitFor({ timeout: WAIT_MS });
    await page.getByTestId('language-switch').selectOption('zh-TW');
    await expect.poll(() => page.getByTestId('nav-accounts').textContent(), { timeout: WAIT_MS }).toBe('帳號');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: WAIT_MS }).toBe('zh-TW');
    await page.reload();
    await row(first).waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('nav-accounts').textContent()).toBe('帳號');
    expect(await page.getByTestId('nav-stats').textContent()).toBe('統計');
    expect(await page.getByTestId('language-switch').inputValue()).toBe('zh-TW');
    expect(await page.locator('#pool-quota-title').textContent()).toBe('各模型剩餘配額');
    await shoot('accounts-zh-tw.png');
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('nav-accounts').textContent(), { timeout: WAIT_MS }).toBe('账号');
    await page.getByTestId('nav-proxy').click();
    await expect.poll(() => page.locator('#proxy-title').textContent(), { timeout: WAIT_MS }).toBe('API 代理');
    expect(await page.getByText('调度模式（proxy.scheduling.mode）').count()).toBe(1);
    await page.getByTestId('language-switch').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-accounts').textContent(), { timeout: WAIT_MS }).toBe('Accounts');
    await page.reload();
    await page.getByTestId('nav-accounts').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('nav-accounts').textContent()).toBe('Accounts');

    expect(pageErrors).toEqual([]);
    if (process.env.AGT_UPDATE_SCREENSHOTS === '1') {
      await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
      for (const name of README_SCREENSHOTS) await copyFile(join(SCREENSHOT_DIR, name), join(DOCS_SCREENSHOT_DIR, name));
    }
  });
});
