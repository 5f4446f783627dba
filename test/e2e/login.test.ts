import { spawn } from 'node:child_process';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { assertBuilt, CLI_ENTRY, makeDataDir, readAccountByEmail, waitFor } from '../support/e2e-helpers.js';

/** `agt login` as a user runs it: the browser path (loopback callback) and the headless paste path. */
describe('agt login', () => {
  let simulator: GoogleSimulator;

  beforeAll(async () => {
    assertBuilt();
    simulator = await startGoogleSimulator();
  });
  afterAll(async () => simulator?.close());

  function startLogin(dataDir: string) {
    const child = spawn(process.execPath, [CLI_ENTRY, '--data-dir', dataDir, 'login', '--no-browser'], {
      env: { ...process.env, AGT_GOOGLE_BASE_URL: simulator.url },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close' (not 'exit'): it fires once stdout and stderr are fully read.
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    return { child, output: () => output, exited };
  }

  it('completes through the loopback callback with state and PKCE', async () => {
    const dataDir = await makeDataDir();
    simulator.state.createAccount({ email: 'login@example.com', name: 'Login User' });
    simulator.state.setConsentAccount('login@example.com');
    const login = startLogin(dataDir);
    const url = (await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)/.exec(login.output()), { timeoutMs: 20_000, what: 'the sign-in URL' }))[1];
    const parsed = new URL(url);
    expect(parsed.searchParams.get('code_challenge_method')).toBe('S256');
    expect(parsed.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(parsed.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth-callback$/);

    // What the browser does: Google consents and redirects to the loopback callback.
    const consent = await request(url);
    expect(consent.statusCode).toBe(302);
    await consent.body.dump();
    const callback = await request(String(consent.headers.location));
    expect(callback.statusCode).toBe(200);
    expect(await callback.body.text()).toContain('Signed in');

    expect(await login.exited).toBe(0);
    expect(login.output()).toContain('Added login@example.com');
    const account = await readAccountByEmail(dataDir, 'login@example.com');
    expect(account).toMatchObject({ name: 'Login User' });
    expect((account.token as { refresh_token: string }).refresh_token).toMatch(/^sim-rt-/);
  });

  it('rejects a callback with the wrong state', async () => {
    const dataDir = await makeDataDir();
    const login = startLogin(dataDir);
    const url = (await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)/.exec(login.output()), { timeoutMs: 20_000, what: 'the sign-in URL' }))[1];
    const redirectUri = new URL(url).searchParams.get('redirect_uri') as string;
    const forged = await request(`${redirectUri}?code=sim-code-forged&state=not-the-state`);
    expect(forged.statusCode).toBe(400);
    await forged.body.dump();
    expect(await login.exited).toBe(1);
    expect(login.output()).toContain('wrong state');
  });

  it('headless: the pasted redirect URL completes the sign-in', async () => {
    const dataDir = await makeDataDir();
    simulator.state.createAccount({ email: 'headless@example.com' });
    simulator.state.setConsentAccount('headless@example.com');
    const login = startLogin(dataDir);
    const url = (await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)/.exec(login.output()), { timeoutMs: 20_000, what: 'the sign-in URL' }))[1];
    // Signed in on another machine: the browser lands on a callback URL that cannot be reached from there.
    const consent = await request(url);
    await consent.body.dump();
    login.child.stdin.write(`${String(consent.headers.location)}\n`);
    expect(await login.exited).toBe(0);
    expect(login.output()).toContain('Added headless@example.com');
  });
});
