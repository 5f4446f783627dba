import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { makeDataDir, readAccountByEmail, runAgt, startAgtServer, waitFor, type ServerProcess } from '../support/e2e-helpers.js';

/**
 * Changes made outside the running gateway — by the CLI or any other process writing `accounts/` — reach it
 * without a restart; a removed account is dropped and never refreshed again.
 */
describe('live reload of account changes into a running gateway', () => {
  let simulator: GoogleSimulator;
  let server: ServerProcess;
  let dataDir: string;
  let env: Record<string, string>;
  const emails = ['one@example.com', 'two@example.com'];

  // Every request is a new conversation: Balance keeps one conversation on one account, new ones rotate.
  let sent = 0;
  const chat = async () => {
    sent += 1;
    const response = await fetch(`${server.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: `ping ${sent}` }] }),
    });
    await response.body?.cancel();
    return response.status;
  };
  const generates = (email: string) => simulator.state.counters().generate[email] ?? 0;

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dataDir = await makeDataDir();
    // Point the CLI's reload notification at a closed port so only the file watcher can carry the changes.
    env = { AGT_GOOGLE_BASE_URL: simulator.url, ABV_AUTH_MODE: 'off', ABV_PORT: '9' };
    for (const email of emails) {
      const { refreshToken } = simulator.state.createAccount({ email });
      expect((await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', refreshToken], env)).code).toBe(0);
    }
    server = await startAgtServer(dataDir, env);
  });
  afterAll(async () => {
    await server?.stop();
    await simulator?.close();
  });

  it('the CLI disabling an account makes the running gateway skip it, enabling brings it back', async () => {
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'disable', 'two@example.com', '--reason', 'maintenance'], env)).code).toBe(0);
    await server.waitForOutput(/Account files changed on disk/);
    await waitFor(async () => {
      const before = generates('two@example.com');
      for (let index = 0; index < 4; index++) expect(await chat()).toBe(200);
      return generates('two@example.com') === before;
    }, { what: 'the gateway to skip the disabled account' });

    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'enable', 'two@example.com'], env)).code).toBe(0);
    const before = generates('two@example.com');
    await waitFor(async () => {
      expect(await chat()).toBe(200);
      return generates('two@example.com') > before;
    }, { what: 'the gateway to use the re-enabled account' });
  });

  it('an edit by another program (atomic rename) is picked up; the server does not react to its own writes', async () => {
    const account = await readAccountByEmail(dataDir, 'two@example.com');
    const path = join(dataDir, 'accounts', `${account.id}.json`);
    const edited = { ...JSON.parse(await readFile(path, 'utf8')), proxy_disabled: true, proxy_disabled_reason: 'edited by hand' };
    await writeFile(`${path}.editor-tmp`, JSON.stringify(edited, null, 2));
    const { rename } = await import('node:fs/promises');
    await rename(`${path}.editor-tmp`, path);
    await waitFor(async () => {
      const before = generates('two@example.com');
      for (let index = 0; index < 4; index++) expect(await chat()).toBe(200);
      return generates('two@example.com') === before;
    }, { what: 'the hand edit to take effect' });
    expect((await readAccountByEmail(dataDir, 'two@example.com')).proxy_disabled_reason).toBe('edited by hand');
  });

  it('a removed account is dropped at once and never refreshed again', async () => {
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'enable', 'two@example.com'], env)).code).toBe(0);
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'remove', 'one@example.com'], env)).code).toBe(0);
    await waitFor(async () => {
      const before = generates('one@example.com');
      for (let index = 0; index < 4; index++) expect(await chat()).toBe(200);
      return generates('one@example.com') === before;
    }, { what: 'the removed account to leave the pool' });
    const refreshes = simulator.state.counters().refresh['one@example.com'] ?? 0;
    simulator.state.expireAccessTokens('two@example.com');
    for (let index = 0; index < 4; index++) expect(await chat()).toBe(200);
    expect(simulator.state.counters().refresh['one@example.com'] ?? 0).toBe(refreshes);
  });
});
