import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { assertBuilt, CLI_ENTRY, REPO_ROOT, runAgt, waitFor } from '../support/e2e-helpers.js';
import { startTestGateway } from '../support/start-test-gateway.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes are what the assertions check

/** What a newcomer ran into: the CLI's help and version, the demo, re-authorizing as the wrong account, the 503. */
describe('what a newcomer hit', () => {
  it('`agt --version` prints the package version; `accounts add --help` shows --refresh-token as required', async () => {
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const answer = await runAgt([flag], {});
      expect(answer.code).toBe(0);
      expect(answer.stdout.trim()).toBe(version);
    }
    const help = await runAgt(['accounts', 'add', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: agt accounts add --refresh-token <token>');
    expect(help.stdout).toMatch(/--refresh-token <token>\s+Google OAuth refresh token \(required\)/);
  });

  it('`agt demo` tells how to break and how to recover an account, and deletes its data directory when stopped', { timeout: 60_000 }, async () => {
    assertBuilt();
    const child = spawn(process.execPath, [CLI_ENTRY, 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => text.includes('Press Ctrl-C to stop.'), { timeoutMs: 30_000, what: 'the demo banner' });
      const dataDir = /data dir: {3}(\S+)/.exec(text)?.[1] ?? '';
      expect(existsSync(join(dataDir, 'accounts'))).toBe(true);
      expect(text).toMatch(/_sim\/accounts\/ada@demo\.agt\/revoke/);
      expect(text).toContain('Recover it: in the dashboard, click "Re-authorize" on ada@demo.agt');
      expect(text).toMatch(/_sim\/accounts\/ada@demo\.agt\/refresh-token/);
      expect(text).toContain(`agt --data-dir ${dataDir} accounts add --refresh-token "$TOKEN"`);

      // The recovery the banner gives works: revoke, see the account disabled, follow the command, see it active.
      const baseUrl = /base URL: {3}(\S+)/.exec(text)?.[1] ?? '';
      const simulatorUrl = /(http:\/\/127\.0\.0\.1:\d+)\/_sim\/accounts\/ada@demo\.agt\/revoke/.exec(text)?.[1] ?? '';
      await request(`${simulatorUrl}/_sim/accounts/ada@demo.agt/revoke`, { method: 'POST' }).then((answer) => answer.body.dump());
      // Each request a new conversation, so they rotate over the accounts and reach ada (Balance binds a conversation).
      let conversation = 0;
      const chat = () =>
        request(`${baseUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-agt-demo' },
          body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: `hello ${++conversation}` }] }),
        }).then(async (answer) => ({ status: answer.statusCode, body: await answer.body.text() }));
      const stateOfAda = async () => {
        const answer = await request(`${baseUrl}/api/accounts`, { headers: { authorization: 'Bearer sk-agt-demo' } });
        const list = (await answer.body.json()) as { accounts: Json[] };
        return list.accounts.find((account) => account.email === 'ada@demo.agt')?.state;
      };
      await waitFor(async () => (await chat()).status === 200 && (await stateOfAda()) === 'disabled', { timeoutMs: 15_000, what: 'ada disabled' });
      const token = ((await (await request(`${simulatorUrl}/_sim/accounts/ada@demo.agt/refresh-token`, { method: 'POST' })).body.json()) as Json).refresh_token as string;
      const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', token], { AGT_GOOGLE_BASE_URL: simulatorUrl });
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('Re-enabled ada@demo.agt');
      await waitFor(async () => (await stateOfAda()) === 'active', { timeoutMs: 15_000, what: 'ada active again in the running demo' });

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('re-authorizing that ends signed in as a different account says so and is not a success', async () => {
    const test = await startTestGateway({ accounts: 2 });
    const admin = (method: string, path: string, body?: unknown) =>
      request(`${test.baseUrl}${path}`, {
        method: method as 'GET',
        headers: { authorization: `Bearer ${test.apiKey}`, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      }).then(async (answer) => ({ status: answer.statusCode, json: (await answer.body.json()) as Json }));
    /** The browser's part: Google's consent page (auto-accepted by the simulator), then the redirect to agt. */
    const signIn = async (url: string) => {
      const consent = await request(url, { method: 'GET' });
      await consent.body.dump();
      const callback = String(consent.headers.location);
      expect(callback.startsWith(`${test.baseUrl}/auth/callback?`)).toBe(true);
      const page = await request(callback, { method: 'GET' });
      return { status: page.statusCode, html: await page.body.text() };
    };
    try {
      const [wanted, other] = test.emails;
      test.simulator.state.revoke(wanted);
      // The user picks the other account in Google's chooser: the simulator signs in as whoever login_hint does not name.
      const started = await admin('POST', '/api/accounts/oauth/start', { loginHint: wanted });
      const chooser = new URL(started.json.url as string);
      expect(chooser.searchParams.get('login_hint')).toBe(wanted);
      chooser.searchParams.delete('login_hint');
      test.simulator.state.setConsentAccount(other);
      const wrong = await signIn(chooser.toString());
      expect(wrong.status).toBe(409);
      expect(wrong.html).toContain('Signed in as a different account');
      expect(wrong.html).toContain(`You signed in as ${other}, not ${wanted}`);
      const status = await admin('GET', `/api/accounts/oauth/status?state=${encodeURIComponent(started.json.state as string)}`);
      expect(status.json).toMatchObject({ status: 'error', code: 'WRONG_ACCOUNT' });
      expect(status.json.error).toContain(`${wanted} is still disabled`);

      // With the hint kept, the simulator (like Google) signs in as the account being re-authorized.
      const again = await admin('POST', '/api/accounts/oauth/start', { loginHint: wanted });
      const right = await signIn(again.json.url as string);
      expect(right.status).toBe(200);
      expect(right.html).toContain(`${wanted} is ready`);
      expect((await admin('GET', `/api/accounts/oauth/status?state=${encodeURIComponent(again.json.state as string)}`)).json).toMatchObject({ status: 'done' });
    } finally {
      await test.close();
    }
  });

  it("the 503 when every account is dead leads with agt's own cause, Google's text only after it", async () => {
    const test = await startTestGateway({ accounts: 2 });
    try {
      // Serve once each, so both hold access tokens that the revoke then kills upstream (401 first, then invalid_grant).
      const chat = () =>
        request(`${test.baseUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${test.apiKey}` },
          body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hello' }] }),
        }).then(async (answer) => ({ status: answer.statusCode, json: (await answer.body.json()) as Json }));
      for (let index = 0; index < 2; index++) expect((await chat()).status).toBe(200);
      for (const email of test.emails) test.simulator.state.revoke(email);
      const failed = await chat();
      expect(failed.status).toBe(503);
      const message = failed.json.error.message as string;
      expect(message).toMatch(/^No available accounts: OAuth refresh failed \(invalid_grant\) for 2 accounts; re-authorize them/);
      expect(message).toMatch(/\. Last upstream error: /);
      expect(message).not.toMatch(/@example\.com/);
    } finally {
      await test.close();
    }
  });
});
