import { describe, expect, it, vi } from 'vitest';
import { runSimulatorCli, type GoogleSimulator } from './index.js';
import { DEFAULT_CATALOGUE_IDS } from './simulated-models.js';
import {
  buildEnvelope,
  postJson,
  refreshAccessToken,
  startSimulatorForTestFile,
  waitUntil,
} from './simulator-test-client.js';

let simulator: GoogleSimulator;
startSimulatorForTestFile((started) => (simulator = started));

describe('control API', () => {
  it('creates accounts whose refresh tokens work, and lists them', async () => {
    const response = await postJson(`${simulator.url}/_sim/accounts`, {
      email: 'user@example.com',
      projectId: 'chosen-project',
      tier: 'standard-tier',
    });
    expect(response.status).toBe(200);
    const created = (await response.json()) as { email: string; refresh_token: string; project_id: string };
    expect(created).toMatchObject({ email: 'user@example.com', project_id: 'chosen-project' });
    expect(created.refresh_token).toMatch(/^sim-rt-/);
    expect((await refreshAccessToken(simulator, created.refresh_token)).status).toBe(200);
    const listed = await fetch(`${simulator.url}/_sim/accounts`);
    expect(await listed.json()).toEqual({
      accounts: [
        {
          email: 'user@example.com',
          name: 'User',
          project_id: 'chosen-project',
          onboarded: true,
          tier: 'standard-tier',
          models: [...DEFAULT_CATALOGUE_IDS],
          deprecatedModelIds: { 'gemini-3.1-pro-high': 'gemini-pro-agent' },
        },
      ],
    });
  });

  it('expires access tokens but keeps refresh working', async () => {
    const { refreshToken, projectId } = simulator.state.createAccount({ email: 'user@example.com' });
    const token = ((await (await refreshAccessToken(simulator, refreshToken)).json()) as { access_token: string })
      .access_token;
    const expire = await fetch(`${simulator.url}/_sim/accounts/user@example.com/expire-access-tokens`, { method: 'POST' });
    expect(expire.status).toBe(200);
    const generate = await postJson(`${simulator.url}/v1internal:generateContent`, buildEnvelope(projectId, {}), token);
    expect(generate.status).toBe(401);
    expect((await refreshAccessToken(simulator, refreshToken)).status).toBe(200);
  });

  it('changes an account\'s model catalogue at run time, and back to the default', async () => {
    const { refreshToken, projectId } = simulator.state.createAccount({ email: 'user@example.com' });
    const token = ((await (await refreshAccessToken(simulator, refreshToken)).json()) as { access_token: string }).access_token;
    const generate = (model: string) => postJson(`${simulator.url}/v1internal:generateContent`, buildEnvelope(projectId, {}, model), token);
    expect((await generate('gemini-3-flash')).status).toBe(200);

    const changed = await postJson(`${simulator.url}/_sim/accounts/user@example.com/models`, {
      models: ['gemini-2.5-flash', { id: 'gemini-9-flash', displayName: 'Gemini 9 Flash' }],
      deprecatedModelIds: { 'gemini-3-flash': 'gemini-9-flash' },
    });
    expect(await changed.json()).toEqual({ models: ['gemini-2.5-flash', 'gemini-9-flash'], deprecatedModelIds: { 'gemini-3-flash': 'gemini-9-flash' } });
    expect((await generate('gemini-3-flash')).status).toBe(404);
    expect((await generate('gemini-9-flash')).status).toBe(200);
    expect((await generate('gemini-2.5-flash')).status).toBe(200);

    const reset = await postJson(`${simulator.url}/_sim/accounts/user@example.com/models`, {});
    expect(((await reset.json()) as { models: string[] }).models).toEqual([...DEFAULT_CATALOGUE_IDS]);
    expect((await generate('gemini-3-flash')).status).toBe(200);

    expect((await postJson(`${simulator.url}/_sim/accounts/user@example.com/models`, { models: ['no-such-model'] })).status).toBe(400);
    expect((await postJson(`${simulator.url}/_sim/accounts/user@example.com/models`, { models: 'gemini-3-flash' })).status).toBe(400);
    expect((await postJson(`${simulator.url}/_sim/accounts/user@example.com/models`, { deprecatedModelIds: { a: 1 } })).status).toBe(400);
    expect((await postJson(`${simulator.url}/_sim/accounts/ghost@example.com/models`, {})).status).toBe(404);
  });

  it('answers 404 for unknown accounts and routes, 400 for bad bodies', async () => {
    const unknown = await fetch(`${simulator.url}/_sim/accounts/ghost@example.com/revoke`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { status: string } }).error.status).toBe('NOT_FOUND');
    expect((await postJson(`${simulator.url}/_sim/accounts`, { name: 'no email' })).status).toBe(400);
    const notJson = await fetch(`${simulator.url}/_sim/accounts`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await postJson(`${simulator.url}/_sim/settings`, { chunkDelayMs: -1 })).status).toBe(400);
    expect((await postJson(`${simulator.url}/_sim/settings`, { toolCalls: 'always' })).status).toBe(400);
    const settings = await postJson(`${simulator.url}/_sim/settings`, { toolCalls: 'on-request' });
    expect(await settings.json()).toMatchObject({ toolCalls: 'on-request' });
    expect((await fetch(`${simulator.url}/_sim/nothing`)).status).toBe(404);
  });

  it('counts upstream requests, not control calls, and reset clears everything', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com' });
    await refreshAccessToken(simulator, refreshToken);
    const missing = await fetch(`${simulator.url}/v1/models`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: number; status: string } }).error).toMatchObject({
      code: 404,
      status: 'NOT_FOUND',
    });
    const counters = (await (await fetch(`${simulator.url}/_sim/counters`)).json()) as Record<string, unknown>;
    expect(counters).toMatchObject({ requests: 2, refresh: { 'user@example.com': 1 }, generate: {}, streamsAborted: {} });

    await postJson(`${simulator.url}/_sim/faults`, { target: 'generate', kind: '500' });
    const reset = await fetch(`${simulator.url}/_sim/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(simulator.state.counters().requests).toBe(0);
    expect(simulator.state.listAccounts()).toEqual([]);
    expect(simulator.state.listFaults()).toEqual([]);
    expect((await refreshAccessToken(simulator, refreshToken)).status).toBe(400);
  });
});

describe('runSimulatorCli', () => {
  it('prints its URL, serves until stopped, then closes', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const controller = new AbortController();
    try {
      const running = runSimulatorCli({ port: 0, host: '127.0.0.1', signal: controller.signal });
      await waitUntil(() => lines.length > 0);
      const match = /^Google simulator listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(lines[0]);
      expect(match).not.toBeNull();
      const url = match?.[1] ?? '';
      expect((await fetch(`${url}/_sim/health`)).status).toBe(200);
      controller.abort();
      await running;
      await expect(fetch(`${url}/_sim/health`)).rejects.toThrow();
    } finally {
      write.mockRestore();
    }
  });
});
