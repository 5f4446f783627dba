import { describe, expect, it } from 'vitest';
import type { GoogleSimulator } from './index.js';
import { DEFAULT_CATALOGUE_IDS } from './simulated-models.js';
import { postJson, signInAccount, startSimulatorForTestFile } from './simulator-test-client.js';

let simulator: GoogleSimulator;
startSimulatorForTestFile((started) => (simulator = started));

const METADATA = { metadata: { ideType: 'ANTIGRAVITY' } };

describe('userinfo', () => {
  it('returns the profile for a live token and the Google 401 body otherwise', async () => {
    const account = await signInAccount(simulator, { email: 'jane.doe@example.com' });
    const response = await fetch(`${simulator.url}/oauth2/v2/userinfo`, {
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      email: 'jane.doe@example.com',
      verified_email: true,
      name: 'Jane Doe',
      given_name: 'Jane',
      family_name: 'Doe',
    });
    expect(body.id).toMatch(/^\d{21}$/);
    expect(body.picture).toMatch(/^https:\/\//);

    const invalid = await fetch(`${simulator.url}/oauth2/v2/userinfo`, { headers: { authorization: 'Bearer nope' } });
    expect(invalid.status).toBe(401);
    expect(await invalid.text()).toBe(
      '{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}',
    );
    expect(simulator.state.counters().userinfo).toEqual({ 'jane.doe@example.com': 1 });
  });
});

describe('loadCodeAssist and onboarding', () => {
  it('reports the project and tier of an onboarded account', async () => {
    const account = await signInAccount(simulator, { email: 'user@example.com', projectId: 'my-project' });
    const response = await postJson(`${simulator.url}/v1internal:loadCodeAssist`, METADATA, account.accessToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      currentTier: { id: 'free-tier', name: 'Gemini Code Assist for individuals' },
      allowedTiers: [{ id: 'free-tier', isDefault: true }],
      cloudaicompanionProject: 'my-project',
    });
    expect(simulator.state.counters().loadCodeAssist).toEqual({ 'user@example.com': 1 });
  });

  it('derives a stable project id from the email', async () => {
    const first = simulator.state.createAccount({ email: 'User@Example.com' });
    expect(first.projectId).toMatch(/^sim-project-[0-9a-f]+$/);
    simulator.state.reset();
    expect(simulator.state.createAccount({ email: 'user@example.com' }).projectId).toBe(first.projectId);
  });

  it('onboards an account through a polled operation', async () => {
    const account = await signInAccount(simulator, { email: 'new@example.com', onboarded: false });
    const before = await postJson(`${simulator.url}/v1internal:loadCodeAssist`, METADATA, account.accessToken);
    const beforeBody = (await before.json()) as Record<string, unknown>;
    expect(beforeBody.cloudaicompanionProject).toBeUndefined();
    expect(beforeBody.currentTier).toBeUndefined();
    expect(beforeBody.allowedTiers).toEqual([expect.objectContaining({ id: 'free-tier', isDefault: true })]);

    const started = await postJson(
      `${simulator.url}/v1internal:onboardUser`,
      { tierId: 'free-tier', ...METADATA },
      account.accessToken,
    );
    const operation = (await started.json()) as { name: string; done: boolean };
    expect(operation.name).toMatch(/^operations\//);
    expect(operation.done).toBe(false);

    const poll = async (): Promise<Record<string, unknown>> => {
      const response = await fetch(`${simulator.url}/v1internal/${operation.name}`, {
        headers: { authorization: `Bearer ${account.accessToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    expect((await poll()).done).toBe(false);
    expect(await poll()).toMatchObject({
      name: operation.name,
      done: true,
      response: { cloudaicompanionProject: { id: account.projectId, name: account.projectId } },
    });
    const after = await postJson(`${simulator.url}/v1internal:loadCodeAssist`, METADATA, account.accessToken);
    expect(((await after.json()) as Record<string, unknown>).cloudaicompanionProject).toBe(account.projectId);
    expect(simulator.state.counters().onboardUser).toEqual({ 'new@example.com': 1 });
  });

  it('requires a live access token', async () => {
    const response = await postJson(`${simulator.url}/v1internal:loadCodeAssist`, METADATA, 'sim-at-unknown');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
  });
});

describe('countTokens, fetchAvailableModels, retrieveUserQuota', () => {
  it('counts tokens with the chars/4 rule', async () => {
    const account = await signInAccount(simulator, { email: 'user@example.com' });
    const response = await postJson(
      `${simulator.url}/v1internal:countTokens`,
      { request: { model: 'models/gemini-pro-agent', contents: [{ role: 'user', parts: [{ text: 'x'.repeat(9) }] }] } },
      account.accessToken,
    );
    expect(await response.json()).toEqual({ totalTokens: 3 });
  });

  it('lists the served models with the account quota', async () => {
    const account = await signInAccount(simulator, { email: 'user@example.com' });
    simulator.state.setQuota('user@example.com', { remainingFraction: 0.25 });
    const quota = await fetch(`${simulator.url}/_sim/accounts/user@example.com/quota`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gemini-pro-agent', remainingFraction: 0.5 }),
    });
    expect(quota.status).toBe(200);
    const response = await postJson(
      `${simulator.url}/v1internal:fetchAvailableModels`,
      { project: account.projectId },
      account.accessToken,
    );
    const { models } = (await response.json()) as {
      models: Record<string, { displayName: string; quotaInfo: { remainingFraction: number; resetTime: string } }>;
    };
    expect(Object.keys(models).sort()).toEqual([...DEFAULT_CATALOGUE_IDS].sort());
    expect(models['gemini-pro-agent'].quotaInfo.remainingFraction).toBe(0.5);
    expect(models['gemini-3-flash'].quotaInfo.remainingFraction).toBe(0.25);
    expect(models['gemini-3-flash'].quotaInfo.resetTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(models['gemini-3-flash']).toMatchObject({ supportsThinking: true, maxOutputTokens: expect.any(Number) });

    const buckets = await postJson(`${simulator.url}/v1internal:retrieveUserQuota`, { project: 'x' }, account.accessToken);
    const body = (await buckets.json()) as { buckets: Array<Record<string, unknown>> };
    expect(body.buckets).toContainEqual(
      expect.objectContaining({ modelId: 'gemini-pro-agent', remainingFraction: 0.5, tokenType: 'REQUESTS' }),
    );
    expect(simulator.state.counters().quota).toEqual({ 'user@example.com': 2 });
  });

  it('answers each account with its own catalogue, its deprecatedModelIds and the top-level model lists', async () => {
    const account = await signInAccount(simulator, {
      email: 'old@example.com',
      models: ['gemini-2.5-flash', { id: 'claude-opus-5-thinking', displayName: 'Claude Opus 5 (Thinking)', maxOutputTokens: 128_000 }],
      deprecatedModelIds: { 'gemini-2.0-flash': 'gemini-2.5-flash' },
    });
    const today = await signInAccount(simulator, { email: 'today@example.com' });
    const fetchModels = async (accessToken: string) =>
      (await (await postJson(`${simulator.url}/v1internal:fetchAvailableModels`, {}, accessToken)).json()) as {
        models: Record<string, Record<string, unknown>>;
        deprecatedModelIds: Record<string, { newModelId: string }>;
        defaultAgentModelId?: string;
        imageGenerationModelIds: string[];
        webSearchModelIds: string[];
      };
    const old = await fetchModels(account.accessToken);
    expect(Object.keys(old.models)).toEqual(['gemini-2.5-flash', 'claude-opus-5-thinking']);
    expect(old.models['claude-opus-5-thinking']).toMatchObject({ displayName: 'Claude Opus 5 (Thinking)', maxOutputTokens: 128_000, maxTokens: 200_000 });
    expect(old.deprecatedModelIds).toEqual({ 'gemini-2.0-flash': { newModelId: 'gemini-2.5-flash' } });
    expect(old.defaultAgentModelId).toBe('gemini-2.5-flash');

    const current = await fetchModels(today.accessToken);
    expect(current.deprecatedModelIds).toEqual({ 'gemini-3.1-pro-high': { newModelId: 'gemini-pro-agent' } });
    expect(current.imageGenerationModelIds).toEqual(['gemini-3.1-flash-image']);
    expect(current.webSearchModelIds).toContain('gemini-3-flash');
    expect(current.models['claude-opus-4-6-thinking']).toMatchObject({ maxOutputTokens: 64_000, supportsThinking: true });
    expect(current.models['gemini-3-flash']).toMatchObject({ maxOutputTokens: 65_536 });
    expect(current.models['gemini-3.1-pro-low']).toMatchObject({ maxOutputTokens: 65_535 });
  });
});
