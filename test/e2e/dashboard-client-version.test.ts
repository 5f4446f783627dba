import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The Antigravity version on the dashboard, in a real headless Chromium: the Proxy page shows and saves it, a
 * version Google refuses puts a red banner on the Accounts and Proxy pages (every account still Active), and
 * saving a current one clears it at the next request.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const DASHBOARD_DIR = join(REPO_ROOT, 'web', 'dist');
const WAIT_MS = 15_000;
const ADMIN_PASSWORD = 'client-version-e2e';

describe.skipIf(!hasChromium)('dashboard: the Antigravity client version', () => {
  let test: TestGateway;
  let browser: Browser;
  let page: Page;

  const chat = async () => {
    const response = await fetch(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${test.apiKey}` },
      body: JSON.stringify({ model: 'gemini-3-flash', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
    return response.status;
  };

  const saveVersion = async (value: string) => {
    await page.goto(`${test.baseUrl}/#/proxy`);
    const input = page.getByTestId('proxy-antigravity-version');
    await input.waitFor({ timeout: WAIT_MS });
    await input.fill(value);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent(), { timeout: WAIT_MS }).toContain('saved');
  };

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) throw new Error(`${DASHBOARD_DIR}/index.html is missing: run \`npm run build\` first`);
    test = await startTestGateway({ accounts: 2, flags: { adminPassword: ADMIN_PASSWORD }, dashboardDir: DASHBOARD_DIR });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', timezoneId: 'UTC' });
    page = await context.newPage();
    await page.goto(`${test.baseUrl}/`);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid=account-row]').first().waitFor({ timeout: WAIT_MS });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('shows, saves and validates the version; a refusal is a red banner, not an account state', { timeout: 60_000 }, async () => {
    await page.goto(`${test.baseUrl}/#/proxy`);
    const input = page.getByTestId('proxy-antigravity-version');
    await input.waitFor({ timeout: WAIT_MS });
    expect(await input.getAttribute('placeholder')).toBe('2.15.0');

    await input.fill('latest');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent(), { timeout: WAIT_MS }).toContain('dotted numbers');

    await saveVersion('1.15.8');
    expect(await chat()).toBe(502);
    await page.goto(`${test.baseUrl}/#/accounts`);
    const banner = page.getByTestId('config-faults');
    await banner.waitFor({ timeout: WAIT_MS });
    expect(await banner.textContent()).toContain('AGT_ANTIGRAVITY_VERSION');
    expect(await banner.textContent()).toContain('1.15.8');
    expect(await page.locator('[data-testid=account-row][data-state=active]').count()).toBe(2);
    await mkdir(join(REPO_ROOT, 'test-artifacts', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'screenshots', 'client-version-refused.png') });

    await saveVersion('');
    expect(await page.getByTestId('config-faults').count()).toBe(0);
    expect(await chat()).toBe(200);
    await page.goto(`${test.baseUrl}/#/accounts`);
    await page.locator('[data-testid=account-row]').first().waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('config-faults').count()).toBe(0);
  });
});
