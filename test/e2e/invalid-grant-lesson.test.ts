import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { makeDataDir, readAccountByEmail, runAgt, startAgtServer, waitFor, type ServerProcess } from '../support/e2e-helpers.js';

/**
 * The lesson this project starts from, end to end with the real CLI, a real `agt serve` process and the
 * simulated Google: a revoked refresh token disables exactly that account on disk, takes it out of the live
 * pool, logs both lines, and the request goes on with the next account; the disable survives a restart;
 * re-adding the account with a new refresh token brings it back into the running gateway without a restart.
 */
describe('invalid_grant: disable, survive restart, recover live', () => {
  let simulator: GoogleSimulator;
  let dataDir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const emails = ['alice@example.com', 'bob@example.com', 'carol@example.com'];

  const chat = async (content: string) => {
    const response = await fetch(`${server?.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content }] }),
    });
    return { status: response.status, body: (await response.json()) as { choices?: Array<{ message: { content: string } }>; error?: unknown } };
  };
  const generateCount = (email: string) => simulator.state.counters().generate[email] ?? 0;

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dataDir = await makeDataDir();
    env = { AGT_GOOGLE_BASE_URL: simulator.url, ABV_AUTH_MODE: 'off', AGT_LOG_LEVEL: 'info' };
    for (const email of emails) {
      const { refreshToken } = simulator.state.createAccount({ email, name: email.split('@')[0] });
      const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', refreshToken], env);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain(`Added ${email}`);
    }
  });

  afterAll(async () => {
    await server?.stop();
    await simulator?.close();
  });

  it('serves from all three accounts, then disables the revoked one during a request that still succeeds', async () => {
    server = await startAgtServer(dataDir, env);
    for (let index = 0; index < 6; index++) expect((await chat(`warm ${index}`)).status).toBe(200);
    for (const email of emails) expect(generateCount(email)).toBeGreaterThan(0);

    simulator.state.revoke('bob@example.com');
    const bobBefore = generateCount('bob@example.com');
    // Rotation reaches bob within three requests; every one of them must still succeed.
    for (let index = 0; index < 6; index++) {
      const reply = await chat(`after revoke ${index}`);
      expect(reply.status).toBe(200);
      expect(reply.body.choices?.[0].message.content).toBe(`Echo: after revoke ${index}`);
    }

    const bob = await waitFor(async () => {
      const file = await readAccountByEmail(dataDir, 'bob@example.com');
      return file.disabled === true ? file : undefined;
    }, { what: 'bob disabled on disk' });
    expect(typeof bob.disabled_at).toBe('number');
    expect(Math.abs((bob.disabled_at as number) - Date.now() / 1000)).toBeLessThan(120);
    expect(bob.disabled_reason).toMatch(/^invalid_grant: /);
    expect(JSON.stringify(bob)).not.toContain('"disabled_reason":"invalid_grant: ***'); // the reason is Google's error, not a token
    for (const email of ['alice@example.com', 'carol@example.com']) expect((await readAccountByEmail(dataDir, email)).disabled).not.toBe(true);

    await server.waitForOutput(/Token refresh failed \(bob@example\.com\): invalid_grant[^\n]*trying next account/);
    await server.waitForOutput(/Disabling account due to invalid_grant \(bob@example\.com\): refresh_token likely revoked\/expired/);

    // Out of the live pool: no more upstream calls with bob's account.
    const bobAfterDisable = generateCount('bob@example.com');
    expect(bobAfterDisable).toBeLessThanOrEqual(bobBefore + 1);
    for (let index = 0; index < 6; index++) expect((await chat(`skip ${index}`)).status).toBe(200);
    expect(generateCount('bob@example.com')).toBe(bobAfterDisable);
  });

  it('keeps the account skipped after a restart', async () => {
    await server?.stop();
    const refreshesBefore = simulator.state.counters().refresh['bob@example.com'] ?? 0;
    const generatesBefore = generateCount('bob@example.com');
    server = await startAgtServer(dataDir, env);
    expect(server.output()).toMatch(/1 disabled \(invalid_grant\)/);
    for (let index = 0; index < 6; index++) expect((await chat(`restart ${index}`)).status).toBe(200);
    expect(generateCount('bob@example.com')).toBe(generatesBefore);
    expect(simulator.state.counters().refresh['bob@example.com'] ?? 0).toBe(refreshesBefore);
    const listed = await runAgt(['--data-dir', dataDir, 'accounts', 'list'], env);
    expect(listed.stdout).toMatch(/bob@example\.com\s+disabled\s+\S+ \S+\s+invalid_grant: /);
  });

  it('re-adding with a new refresh token clears the disable and the running server uses the account again', async () => {
    const newToken = simulator.state.issueRefreshToken('bob@example.com');
    const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', newToken], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Re-enabled bob@example.com');

    const bob = await readAccountByEmail(dataDir, 'bob@example.com');
    expect(bob.disabled).not.toBe(true);
    expect(bob.disabled_reason ?? null).toBeNull();
    expect(bob.disabled_at ?? null).toBeNull();

    const before = generateCount('bob@example.com');
    // New conversations rotate over the accounts, bob included (one conversation stays on its account: Balance).
    let conversation = 0;
    await waitFor(async () => {
      expect((await chat(`recovered? ${++conversation}`)).status).toBe(200);
      return generateCount('bob@example.com') > before;
    }, { timeoutMs: 15_000, what: 'the running server to use bob again' });
  });
});
