import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, waitFor } from '../support/e2e-helpers.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The dashboard in a real headless Chromium against a real gateway over the simulated Google: a user logs in, sees
 * every account's state change live (an account disabled by invalid_grant turns red without a reload), fixes it by
 * pasting a new refresh token, takes an account out of the proxy and back, reads the proxy settings, and finds the
 * requests in the monitor. A screenshot is saved at each step to test-artifacts/screenshots/; with
 * AGT_UPDATE_SCREENSHOTS=1 the README set is also copied to docs/screenshots/.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const DASHBOARD_DIR = join(REPO_ROOT, 'web', 'dist');
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');
const DOCS_SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const README_SCREENSHOTS = ['login.png', 'accounts.png', 'account-disabled.png', 'proxy.png', 'monitor.png', 'monitor-detail.png', 'mobile-accounts.png'];
const WAIT_MS = 15_000;
const ADMIN_PASSWORD = 'dashboard-e2e-password';
const NEW_EMAIL = 'dana@example.com';

if (!hasChromium) {
  console.warn(`dashboard browser test SKIPPED: ${CHROMIUM} is missing (install it: apt-get install -y chromium; CI does this in .ci/run)`);
}

describe.skipIf(!hasChromium)(`dashboard in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} missing)`}`, () => {
  let test: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  let chatCount = 0;

  const shoot = async (name: string, target: Page | Locator = page) => {
    await target.screenshot({ path: join(SCREENSHOT_DIR, name), animations: 'disabled' });
  };

  const chat = async (content: string) => {
    chatCount += 1;
    const response = await fetch(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${test.apiKey}` },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content }] }),
    });
    const body = (await response.json()) as { choices?: Array<{ message: { content: string } }> };
    return { status: response.status, text: body.choices?.[0]?.message.content };
  };
  const generateCount = (email: string) => test.simulator.state.counters().generate[email] ?? 0;
  const adminAccount = async (email: string) => {
    const response = await fetch(`${test.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${ADMIN_PASSWORD}` } });
    const list = (await response.json()) as { accounts: Array<{ email: string; state: string }> };
    return list.accounts.find((account) => account.email === email);
  };
  const row = (email: string, state?: string) =>
    page.locator(`[data-testid=account-row][data-email="${email}"]${state === undefined ? '' : `[data-state=${state}]`}`);

  /** Pastes a refresh token into the form inside `dialog` and waits for the gateway's answer. */
  const pasteRefreshToken = async (dialog: Locator, refreshToken: string) => {
    await dialog.getByTestId('refresh-token-input').fill(refreshToken);
    await dialog.getByTestId('refresh-token-submit').click();
    const result = dialog.getByTestId('refresh-token-result');
    await result.waitFor({ timeout: WAIT_MS });
    return result;
  };

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) {
      throw new Error(`${DASHBOARD_DIR}/index.html is missing: run \`npm run build\` first (npm test does)`);
    }
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    test = await startTestGateway({ accounts: 2, flags: { adminPassword: ADMIN_PASSWORD }, dashboardDir: DASHBOARD_DIR });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', timezoneId: 'UTC' });
    // The browser may talk to the gateway only. This also keeps the re-authorize pop-up from signing in with the
    // simulated Google on its own, so the test exercises the paste path.
    const gatewayOrigin = new URL(test.baseUrl).origin;
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${gatewayOrigin}/`) || url === gatewayOrigin) return route.continue();
      blockedRequests.push(url);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('shows every account state live and fixes accounts from the browser', { timeout: 120_000 }, async () => {
    const [firstEmail] = test.emails;

    // 1. Login: empty and wrong passwords are refused with a visible error, the right one opens the accounts page.
    await page.goto(`${test.baseUrl}/`);
    const password = page.getByTestId('login-password');
    await password.waitFor({ timeout: WAIT_MS });
    await shoot('00-login.png');
    await copyFile(join(SCREENSHOT_DIR, '00-login.png'), join(SCREENSHOT_DIR, 'login.png'));
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: WAIT_MS }).toContain('Enter the password');
    await password.fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: WAIT_MS }).toContain('Wrong password');
    await shoot('01-login-wrong-password.png');
    await password.fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await row(firstEmail, 'active').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('account-row').count()).toBe(2);

    // 2. Add an account by refresh token through the UI.
    const { refreshToken } = test.simulator.state.createAccount({ email: NEW_EMAIL, name: 'Dana' });
    await page.getByTestId('add-refresh-token').click();
    const addDialog = page.getByTestId('add-token-dialog');
    await addDialog.waitFor({ timeout: WAIT_MS });
    await addDialog.getByTestId('refresh-token-submit').click();
    await expect.poll(() => addDialog.getByTestId('refresh-token-error').textContent(), { timeout: WAIT_MS }).toContain('Paste a refresh token');
    const added = await pasteRefreshToken(addDialog, refreshToken);
    expect(await added.getAttribute('data-created')).toBe('true');
    expect(await added.textContent()).toContain(`Added ${NEW_EMAIL}`);
    await shoot('02-add-refresh-token.png');
    await addDialog.getByTestId('dialog-close').click();
    await addDialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await row(NEW_EMAIL, 'active').waitFor({ timeout: WAIT_MS });
    expect(await row(NEW_EMAIL).getByTestId('account-badge').textContent()).toBe('Active');
    expect(await page.getByTestId('notice-text').textContent()).toBe(`Added ${NEW_EMAIL}.`);
    await page.getByTestId('notice').getByRole('button').click();
    await page.getByTestId('notice').waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.getByTestId('account-row').count()).toBe(3);
    expect(await page.getByTestId('account-row').evaluateAll((rows) => rows.map((item) => item.getAttribute('data-email')))).toEqual([NEW_EMAIL, ...test.emails].sort());
    // Every account serves once, so the new one has a live access token that the revoke below kills.
    for (let index = 0; index < 3; index++) expect((await chat(`warm ${index}`)).status).toBe(200);
    expect(generateCount(NEW_EMAIL)).toBeGreaterThan(0);
    await row(NEW_EMAIL).getByTestId('account-requests').filter({ hasText: /[1-9]/ }).waitFor({ timeout: WAIT_MS });
    await shoot('03-accounts.png');
    await copyFile(join(SCREENSHOT_DIR, '03-accounts.png'), join(SCREENSHOT_DIR, 'accounts.png'));

    // 3. Google revokes the account: requests still succeed, and the open page turns the row red without a reload.
    test.simulator.state.revoke(NEW_EMAIL);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    let attempts = 0;
    await waitFor(
      async () => {
        attempts += 1;
        const reply = await chat(`after revoke ${attempts}`);
        expect(reply.status).toBe(200);
        expect(reply.text).toBe(`Echo: after revoke ${attempts}`);
        return (await adminAccount(NEW_EMAIL))?.state === 'disabled';
      },
      { timeoutMs: WAIT_MS, intervalMs: 50, what: `${NEW_EMAIL} disabled by the gateway after the revoke` },
    );
    expect(attempts).toBeLessThanOrEqual(3); // round robin over three accounts reaches the revoked one within three requests
    const disabledRow = row(NEW_EMAIL, 'disabled');
    await disabledRow.waitFor({ timeout: WAIT_MS });
    expect(navigations).toEqual([]); // no reload
    expect(await disabledRow.getByTestId('account-badge').textContent()).toBe('Disabled (invalid_grant)');
    expect(await disabledRow.getByTestId('account-reason').textContent()).toContain('invalid_grant');
    const disabledAt = disabledRow.getByTestId('account-disabled-at');
    expect(Math.abs(Number(await disabledAt.getAttribute('data-time')) - Date.now())).toBeLessThan(120_000);
    expect(await disabledAt.textContent()).toMatch(/\d{1,2}:\d{2}/);
    for (const email of test.emails) expect(await row(email).getAttribute('data-state')).toBe('active');
    expect(await page.getByTestId('summary-disabled').textContent()).toContain('1');
    await shoot('04-account-disabled.png');
    await copyFile(join(SCREENSHOT_DIR, '04-account-disabled.png'), join(SCREENSHOT_DIR, 'account-disabled.png'));

    // 4. Re-authorize by pasting a new refresh token; the running gateway uses the account again.
    await disabledRow.getByTestId('reauthorize').click();
    const oauthDialog = page.getByTestId('oauth-dialog');
    await oauthDialog.waitFor({ timeout: WAIT_MS });
    expect(await oauthDialog.getByTestId('oauth-hint').textContent()).toContain(NEW_EMAIL);
    await oauthDialog.getByTestId('oauth-link').waitFor({ timeout: WAIT_MS });
    const reenabled = await pasteRefreshToken(oauthDialog, test.simulator.state.issueRefreshToken(NEW_EMAIL));
    expect(await reenabled.getAttribute('data-reenabled')).toBe('true');
    expect(await reenabled.textContent()).toContain(`${NEW_EMAIL} was disabled and is active again`);
    await shoot('05-reauthorize-paste.png');
    await oauthDialog.getByTestId('dialog-close').click();
    await oauthDialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await row(NEW_EMAIL, 'active').waitFor({ timeout: WAIT_MS });
    expect(await row(NEW_EMAIL).getByTestId('account-reason').count()).toBe(0);
    const beforeRecovery = generateCount(NEW_EMAIL);
    // New conversations rotate over the accounts (one conversation stays on its account: Balance).
    let recovery = 0;
    await waitFor(
      async () => {
        expect((await chat(`after re-authorize ${++recovery}`)).status).toBe(200);
        return generateCount(NEW_EMAIL) > beforeRecovery;
      },
      { timeoutMs: WAIT_MS, intervalMs: 50, what: `the gateway to use ${NEW_EMAIL} again` },
    );

    // 5. Take the account out of the proxy with a reason: the badge says so and the gateway skips it; then back in.
    await row(NEW_EMAIL).getByTestId('toggle-proxy').click();
    const disableDialog = page.getByTestId('disable-dialog');
    await disableDialog.waitFor({ timeout: WAIT_MS });
    await disableDialog.getByTestId('disable-reason').fill('kept for personal use');
    await disableDialog.getByTestId('disable-submit').click();
    await disableDialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    const proxyDisabledRow = row(NEW_EMAIL, 'proxy_disabled');
    await proxyDisabledRow.waitFor({ timeout: WAIT_MS });
    expect(await proxyDisabledRow.getByTestId('account-badge').textContent()).toBe('Proxy-disabled');
    expect(await proxyDisabledRow.getByTestId('account-reason').textContent()).toBe('kept for personal use');
    await proxyDisabledRow.getByTestId('account-proxy-disabled-at').waitFor({ timeout: WAIT_MS });
    await shoot('06-proxy-disabled.png');
    const whileDisabled = generateCount(NEW_EMAIL);
    const othersBefore = test.emails.reduce((sum, email) => sum + generateCount(email), 0);
    for (let index = 0; index < 6; index++) expect((await chat(`skip ${index}`)).status).toBe(200);
    expect(generateCount(NEW_EMAIL)).toBe(whileDisabled);
    expect(test.emails.reduce((sum, email) => sum + generateCount(email), 0)).toBe(othersBefore + 6);
    await proxyDisabledRow.getByTestId('toggle-proxy').click();
    await row(NEW_EMAIL, 'active').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('notice-text').textContent(), { timeout: WAIT_MS }).toContain(`${NEW_EMAIL} is back in the proxy rotation`);
    // New conversations rotate over the accounts (one conversation stays on its account: Balance).
    let conversation = 0;
    await waitFor(
      async () => {
        expect((await chat(`enabled again ${++conversation}`)).status).toBe(200);
        return generateCount(NEW_EMAIL) > whileDisabled;
      },
      { timeoutMs: WAIT_MS, intervalMs: 50, what: `the gateway to use ${NEW_EMAIL} after enabling it` },
    );

    // 6. Proxy page: base URL, the masked key, and a Claude Code snippet pointing at this gateway.
    await page.getByTestId('nav-proxy').click();
    const baseUrlBox = page.getByTestId('proxy-base-url');
    await baseUrlBox.waitFor({ timeout: WAIT_MS });
    expect((await baseUrlBox.textContent())?.replace(/\/$/, '')).toBe(test.baseUrl.replace(/\/$/, ''));
    const keyBox = page.getByTestId('proxy-api-key');
    expect(await keyBox.getAttribute('data-revealed')).toBe('false');
    const maskedKey = (await keyBox.textContent()) ?? '';
    expect(maskedKey).not.toContain(test.apiKey);
    expect(maskedKey.length).toBeGreaterThan(0);
    const claudeSnippet = page.locator('[data-testid=snippet][data-snippet=claude-code]');
    const snippetText = (await claudeSnippet.textContent()) ?? '';
    expect(snippetText).toContain(test.baseUrl.replace(/\/$/, ''));
    expect(snippetText).not.toContain(test.apiKey);
    expect(await page.getByTestId('settings-dirty').count()).toBe(0); // nothing edited, nothing to save
    await shoot('07-proxy.png');
    await copyFile(join(SCREENSHOT_DIR, '07-proxy.png'), join(SCREENSHOT_DIR, 'proxy.png'));
    await page.getByTestId('proxy-api-key-reveal').click();
    await expect.poll(() => keyBox.textContent(), { timeout: WAIT_MS }).toBe(test.apiKey);
    expect(await keyBox.getAttribute('data-revealed')).toBe('true');
    await page.getByTestId('proxy-api-key-reveal').click();

    // 7. Monitor: the requests above are listed with their status; a row opens the detail with the request body.
    await page.getByTestId('nav-monitor').click();
    const okRows = page.locator('[data-testid=log-row][data-status="200"]');
    await okRows.first().waitFor({ timeout: WAIT_MS });
    await expect.poll(() => okRows.count(), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(Math.min(chatCount, 50));
    expect(await okRows.first().getAttribute('data-model')).toBe('gemini-2.5-flash');
    expect(await okRows.first().textContent()).toContain('openai');
    await shoot('08-monitor.png');
    await copyFile(join(SCREENSHOT_DIR, '08-monitor.png'), join(SCREENSHOT_DIR, 'monitor.png'));
    await okRows.first().click();
    const detail = page.getByTestId('log-detail');
    await detail.waitFor({ timeout: WAIT_MS });
    const requestBody = detail.getByTestId('log-request-body');
    await requestBody.waitFor({ timeout: WAIT_MS });
    expect(await requestBody.textContent()).toContain('"content"');
    expect(await requestBody.textContent()).toContain('gemini-2.5-flash');
    expect(await detail.textContent()).toContain('POST /v1/chat/completions');
    expect(await detail.getByTestId('log-detail-status').textContent()).toBe('200');
    expect(await detail.getByTestId('log-response-body').textContent()).toContain('Echo:');
    await shoot('09-monitor-detail.png');
    await copyFile(join(SCREENSHOT_DIR, '09-monitor-detail.png'), join(SCREENSHOT_DIR, 'monitor-detail.png'));
    await detail.getByTestId('dialog-close').click();
    await detail.waitFor({ state: 'detached', timeout: WAIT_MS });

    // 8. Phone: the accounts page is a list of cards that fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-accounts').click();
    await row(NEW_EMAIL, 'active').waitFor({ timeout: WAIT_MS });
    expect(await row(NEW_EMAIL).evaluate((element) => getComputedStyle(element).display)).not.toBe('table-row');
    const thead = page.locator('.accounts-table thead');
    expect(await thead.evaluate((element) => element.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const card = await row(NEW_EMAIL).boundingBox();
    expect(card?.width).toBeLessThanOrEqual(390);
    await shoot('10-mobile-accounts.png');
    await copyFile(join(SCREENSHOT_DIR, '10-mobile-accounts.png'), join(SCREENSHOT_DIR, 'mobile-accounts.png'));
    // The other pages fit the phone as well.
    await page.getByTestId('nav-proxy').click();
    await page.getByTestId('proxy-base-url').waitFor({ timeout: WAIT_MS });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot('11-mobile-proxy.png');
    await page.getByTestId('nav-monitor').click();
    await okRows.first().waitFor({ timeout: WAIT_MS });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot('12-mobile-monitor.png');

    // The page never threw, and the only request that left for elsewhere was the sign-in pop-up we blocked.
    expect(pageErrors).toEqual([]);
    for (const url of blockedRequests) expect(url).toContain('/o/oauth2/v2/auth');

    if (process.env.AGT_UPDATE_SCREENSHOTS === '1') {
      await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
      for (const name of README_SCREENSHOTS) await copyFile(join(SCREENSHOT_DIR, name), join(DOCS_SCREENSHOT_DIR, name));
    }
  });
});
