import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { makeDataDir, readAccountByEmail, runAgt, startAgtServer, waitFor } from '../support/e2e-helpers.js';

/** The real `agt` CLI and `agt serve` on good, broken and missing data directories. */
describe('agt CLI and data directory handling', () => {
  let simulator: GoogleSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    env = { AGT_GOOGLE_BASE_URL: simulator.url, ABV_AUTH_MODE: 'off' };
  });
  afterAll(async () => simulator?.close());

  const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

  it('exit codes: 0 ok, 2 usage, 1 failure with one clear line', async () => {
    const dataDir = await makeDataDir();
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'list'], env)).code).toBe(0);
    const usage = await runAgt(['--data-dir', dataDir, 'accounts', 'add'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--refresh-token <token>' not specified");
    const unknown = await runAgt(['--data-dir', dataDir, 'accounts', 'show', 'nobody@example.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: No account matches "nobody@example.com"/);
    const revoked = simulator.state.createAccount({ email: 'gone@example.com' });
    simulator.state.revoke('gone@example.com');
    const rejected = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', revoked.refreshToken], env);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('Google rejected the refresh token (invalid_grant: Token has been expired or revoked.)');
    expect(rejected.stderr).not.toContain(revoked.refreshToken);
    noStackTrace(rejected.stderr);
  });

  it('upsert: proxy_disabled survives a re-add, disabled does not survive new tokens, and survives the same dead token', async () => {
    const dataDir = await makeDataDir();
    const created = simulator.state.createAccount({ email: 'dana@example.com' });
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', created.refreshToken], env)).code).toBe(0);

    const disabled = await runAgt(['--data-dir', dataDir, 'accounts', 'disable', 'dana@example.com', '--reason', 'saving quota'], env);
    expect(disabled.stdout).toContain('Disabled dana@example.com for the proxy.');
    let file = await readAccountByEmail(dataDir, 'dana@example.com');
    expect(file).toMatchObject({ proxy_disabled: true, proxy_disabled_reason: 'saving quota' });

    // Simulate an invalid_grant disable written by the gateway, then re-add with a new token.
    const path = join(dataDir, 'accounts', `${file.id}.json`);
    await writeFile(path, JSON.stringify({ ...file, disabled: true, disabled_at: 1_700_000_000, disabled_reason: 'invalid_grant: Token has been expired or revoked.' }, null, 2));
    simulator.state.revoke('dana@example.com');
    const sameDeadToken = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', created.refreshToken], env);
    expect(sameDeadToken.code).toBe(1);
    expect((await readAccountByEmail(dataDir, 'dana@example.com')).disabled).toBe(true);

    const fresh = simulator.state.issueRefreshToken('dana@example.com');
    const readded = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', fresh], env);
    expect(readded.code, readded.stderr).toBe(0);
    expect(readded.stdout).toContain('Re-enabled dana@example.com');
    expect(readded.stdout).toContain('still disabled for the proxy');
    file = await readAccountByEmail(dataDir, 'dana@example.com');
    expect(file.disabled).toBe(false);
    expect(file.disabled_reason ?? null).toBeNull();
    expect(file).toMatchObject({ proxy_disabled: true, proxy_disabled_reason: 'saving quota' });

    const listed = await runAgt(['--data-dir', dataDir, 'accounts', 'list', '--json'], env);
    const parsed = JSON.parse(listed.stdout) as { accounts: Array<{ token: { refresh_token: string } }> };
    expect(parsed.accounts[0].token.refresh_token).toBe('***');
    expect(listed.stdout).not.toContain(fresh);

    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'enable', file.id.slice(0, 8)], env)).stdout).toContain('Enabled dana@example.com');
    expect((await readAccountByEmail(dataDir, 'dana@example.com')).proxy_disabled).toBe(false);
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'remove', 'dana@example.com'], env)).stdout).toContain('Removed dana@example.com');
    expect((await runAgt(['--data-dir', dataDir, 'accounts', 'list'], env)).stdout).toContain('No accounts.');
  });

  it('a corrupt account file is reported by name, never rewritten, and the server serves the good accounts', async () => {
    const dataDir = await makeDataDir();
    const created = simulator.state.createAccount({ email: 'erin@example.com' });
    await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', created.refreshToken], env);
    const corruptPath = join(dataDir, 'accounts', '0b7c2a8e-1111-4222-8333-944455556666.json');
    const corrupt = '\uFEFF{"id": "0b7c2a8e-1111-4222-8333-944455556666", "email": "broken@example.com", "token": {';
    await writeFile(corruptPath, corrupt);

    const listed = await runAgt(['--data-dir', dataDir, 'accounts', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('erin@example.com');
    expect(listed.stderr).toContain(`warning: skipped ${corruptPath}:`);

    const server = await startAgtServer(dataDir, env);
    try {
      await server.waitForOutput(/0b7c2a8e-1111-4222-8333-944455556666\.json/);
      const reply = await fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(reply.status).toBe(200);
      noStackTrace(server.output());
    } finally {
      await server.stop();
    }
    expect(await readFile(corruptPath, 'utf8')).toBe(corrupt);
  });

  it('an empty accounts/ and a missing data directory give a running server that explains the 503', async () => {
    const parent = await makeDataDir();
    const dataDir = join(parent, 'does', 'not', 'exist');
    const server = await startAgtServer(dataDir, env);
    try {
      expect(server.output()).toContain('accounts: 0 active');
      const reply = await fetch(`${server.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(reply.status).toBe(503);
      const body = (await reply.json()) as { type: string; error: { type: string; message: string } };
      expect(body.type).toBe('error');
      expect(body.error.type).toBe('overloaded_error');
      expect(body.error.message).toContain('no accounts are configured');
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    await waitFor(async () => (await readFile(join(dataDir, 'gui_config.json'), 'utf8')).includes('api_key'), { what: 'gui_config.json with a generated key' });
  });

  it('an unusable data directory: the CLI exits with a clear message, the server runs and says why', async () => {
    const parent = await makeDataDir();
    const notADirectory = join(parent, 'data-file');
    await writeFile(notADirectory, 'not a directory');
    const listed = await runAgt(['--data-dir', notADirectory, 'accounts', 'list'], env);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/^error: .*data-file/);
    noStackTrace(listed.stderr);

    const server = await startAgtServer(notADirectory, env);
    try {
      await server.waitForOutput(/Data directory problem: [^\n]*data-file/);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
      const reply = await fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(reply.status).toBe(503);
      noStackTrace(server.output());
    } finally {
      await server.stop();
      await rm(notADirectory, { force: true });
      await mkdir(notADirectory, { recursive: true });
    }
  });
});
