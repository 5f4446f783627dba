/**
 * The Google clients against agt's simulated Google (src/simulator), reached the way users configure it:
 * AGT_GOOGLE_BASE_URL pointing every endpoint at one base.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIM_VALIDATION_URL, startGoogleSimulator, type GoogleSimulator } from '../simulator/index.js';
import { classifyUpstreamFailure } from './code-assist/classify-upstream-failure.js';
import { createCodeAssistClient, type CodeAssistClient } from './code-assist/code-assist-client.js';
import { createPkcePair } from './oauth/create-pkce-pair.js';
import { createGoogleOAuthClient, type GoogleOAuthClient } from './oauth/google-oauth-client.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './oauth/google-oauth-constants.js';
import { OAuthError } from './oauth/oauth-error.js';
import { resolveGoogleEndpoints, type GoogleEndpoints } from './oauth/resolve-google-endpoints.js';
import { waitFor } from './recording-server.test-helper.js';

let simulator: GoogleSimulator;
let dispatcher: Agent;
let endpoints: GoogleEndpoints;
let oauth: GoogleOAuthClient;
let codeAssist: CodeAssistClient;

beforeAll(async () => {
  simulator = await startGoogleSimulator();
  dispatcher = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  endpoints = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: simulator.url });
  oauth = createGoogleOAuthClient({ endpoints, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, dispatcher });
  codeAssist = createCodeAssistClient({ baseUrls: endpoints.codeAssistUrls, dispatcher });
});
afterAll(async () => {
  await dispatcher.close();
  await simulator.close();
});
beforeEach(() => {
  simulator.state.reset();
});

async function refreshError(refreshToken: string, client: GoogleOAuthClient = oauth): Promise<OAuthError> {
  const error = await client.refresh(refreshToken).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

async function signIn(email: string, options: { onboarded?: boolean } = {}) {
  const created = simulator.state.createAccount({ email, ...options });
  const tokens = await oauth.refresh(created.refreshToken);
  return { ...created, accessToken: tokens.access_token };
}

function envelope(projectId: string, model = 'gemini-3-flash'): unknown {
  return {
    project: projectId,
    requestId: 'agent-test',
    request: { contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] },
    model,
    userAgent: 'antigravity',
    requestType: 'agent',
  };
}

describe('OAuth against the simulator', () => {
  it('refreshes a valid token', async () => {
    const created = simulator.state.createAccount({ email: 'alice@example.com' });
    const tokens = await oauth.refresh(created.refreshToken);
    expect(tokens.access_token).toMatch(/^sim-at-/);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBeGreaterThan(0);
    expect(tokens.refresh_token).toBeUndefined();
    expect(simulator.state.counters().refresh['alice@example.com']).toBe(1);
  });

  it('a revoked token → invalid_grant', async () => {
    const created = simulator.state.createAccount({ email: 'bob@example.com' });
    simulator.state.revoke('bob@example.com');
    const error = await refreshError(created.refreshToken);
    expect(error.kind).toBe('invalid_grant');
    expect(error.message).toBe('invalid_grant: Token has been expired or revoked.');
    expect(error.message).not.toContain(created.refreshToken);
  });

  it('a token of another client → client_config (unauthorized_client); an unknown client → client_config', async () => {
    const created = simulator.state.createAccount({ email: 'carol@example.com', clientId: 'other-client.apps' });
    const mismatch = await refreshError(created.refreshToken);
    expect(mismatch).toMatchObject({ kind: 'client_config', oauthError: 'unauthorized_client', status: 401 });

    const stranger = createGoogleOAuthClient({ endpoints, clientId: 'unknown.apps', clientSecret: 'x', dispatcher });
    const unknown = await refreshError(simulator.state.createAccount({ email: 'dan@example.com' }).refreshToken, stranger);
    expect(unknown).toMatchObject({ kind: 'client_config', oauthError: 'invalid_client' });
  });

  it('surfaces a rotated refresh token', async () => {
    const created = simulator.state.createAccount({ email: 'erin@example.com' });
    simulator.state.addFault({ target: 'token', kind: 'rotate-refresh-token', count: 1 });
    const tokens = await oauth.refresh(created.refreshToken);
    expect(tokens.refresh_token).toMatch(/^sim-rt-/);
    expect(tokens.refresh_token).not.toBe(created.refreshToken);
    expect((await refreshError(created.refreshToken)).kind).toBe('invalid_grant');
    await expect(oauth.refresh(tokens.refresh_token as string)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('token endpoint 500 and a reset connection → transient', async () => {
    const created = simulator.state.createAccount({ email: 'frank@example.com' });
    simulator.state.addFault({ target: 'token', kind: 'token-500', count: 1 });
    expect(await refreshError(created.refreshToken)).toMatchObject({ kind: 'transient', status: 500 });
    simulator.state.addFault({ target: 'token', kind: 'token-reset', count: 1 });
    expect((await refreshError(created.refreshToken)).kind).toBe('transient');
    await expect(oauth.refresh(created.refreshToken)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('signs in with the authorization code and PKCE, then reads userinfo', async () => {
    simulator.state.createAccount({ email: 'grace@example.com', name: 'Grace Hopper' });
    const pkce = createPkcePair();
    const redirectUri = 'http://127.0.0.1:1/oauth-callback';
    const authUrl = oauth.buildAuthUrl({ redirectUri, state: 'csrf-1', codeChallenge: pkce.challenge, loginHint: 'grace@example.com' });
    const consent = await request(authUrl, { dispatcher });
    await consent.body.dump();
    expect(consent.statusCode).toBe(302);
    const callback = new URL(String(consent.headers.location));
    expect(callback.searchParams.get('state')).toBe('csrf-1');
    const code = callback.searchParams.get('code') ?? '';

    const wrongVerifier = await oauth
      .exchangeCode({ code, redirectUri, codeVerifier: createPkcePair().verifier })
      .catch((caught: unknown) => caught);
    expect(wrongVerifier).toMatchObject({ kind: 'invalid_grant' });

    const tokens = await oauth.exchangeCode({ code, redirectUri, codeVerifier: pkce.verifier });
    expect(tokens.refresh_token).toMatch(/^sim-rt-/);
    expect(tokens.id_token).toBeDefined();
    const info = await oauth.getUserInfo(tokens.access_token);
    expect(info).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', given_name: 'Grace' });
    await expect(oauth.refresh(tokens.refresh_token as string)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('userinfo with a dead access token fails with the status', async () => {
    await expect(oauth.getUserInfo('sim-at-not-issued')).rejects.toMatchObject({ status: 401 });
  });
});

describe('Cloud Code Assist against the simulator', () => {
  it('resolves the project of an onboarded account without onboarding', async () => {
    const account = await signIn('henry@example.com');
    await expect(codeAssist.resolveProjectId(account.accessToken)).resolves.toEqual({
      projectId: account.projectId,
      tier: 'free-tier',
    });
    expect(simulator.state.counters().onboardUser['henry@example.com']).toBeUndefined();
  });

  it('onboards a new account and polls the operation to its project', async () => {
    const account = await signIn('ivy@example.com', { onboarded: false });
    const result = await codeAssist.resolveProjectId(account.accessToken, { pollIntervalMs: 10 });
    expect(result).toEqual({ projectId: account.projectId, tier: 'free-tier' });
    expect(simulator.state.counters().onboardUser['ivy@example.com']).toBe(1);
    // Onboarded now: a second lookup finds the project directly.
    await expect(codeAssist.resolveProjectId(account.accessToken)).resolves.toMatchObject({ projectId: account.projectId });
  });

  it('generates, streams and counts tokens', async () => {
    const account = await signIn('jack@example.com');
    const plain = await codeAssist.call('generateContent', { accessToken: account.accessToken, body: envelope(account.projectId) });
    expect(plain.status).toBe(200);
    expect(await plain.body.json()).toMatchObject({ response: { candidates: [expect.any(Object)] } });

    const stream = await codeAssist.call('streamGenerateContent', {
      accessToken: account.accessToken,
      body: envelope(account.projectId),
    });
    expect(stream.status).toBe(200);
    expect(String(stream.headers['content-type'])).toContain('text/event-stream');
    const text = await stream.body.text();
    expect(text).toMatch(/^data: \{"response":/m);

    const count = await codeAssist.call('countTokens', {
      accessToken: account.accessToken,
      body: { request: { model: 'models/gemini-3-flash', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } },
    });
    expect(await count.body.json()).toMatchObject({ totalTokens: expect.any(Number) });
    expect(simulator.state.counters().generate['jack@example.com']).toBe(2);
  });

  it('aborting a slow stream closes it upstream', async () => {
    const account = await signIn('kate@example.com');
    simulator.state.addFault({ target: 'generate', kind: 'slow-stream', delayMs: 2_000, count: 1 });
    const controller = new AbortController();
    const stream = await codeAssist.call('streamGenerateContent', {
      accessToken: account.accessToken,
      body: envelope(account.projectId),
      signal: controller.signal,
    });
    const iterator = stream.body[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await iterator.next().catch(() => undefined);
    await waitFor(() => (simulator.state.counters().streamsAborted['kate@example.com'] ?? 0) === 1);
  });

  it('classifies the simulated 429, 403 and 401 answers', async () => {
    const account = await signIn('liam@example.com');
    const classify = async () => {
      const response = await codeAssist.call('generateContent', {
        accessToken: account.accessToken,
        body: envelope(account.projectId, 'gemini-pro-agent'),
      });
      return classifyUpstreamFailure(response.status, response.headers, await response.body.text());
    };
    simulator.state.addFault({ target: 'generate', kind: '429', retryDelaySeconds: 30, count: 1 });
    expect(await classify()).toMatchObject({ class: 'rate_limit', status: 429, retryAfterMs: 30_000, model: 'gemini-pro-agent' });
    simulator.state.addFault({ target: 'generate', kind: '429', reason: 'QUOTA_EXHAUSTED', retryDelaySeconds: 3600, count: 1 });
    expect(await classify()).toMatchObject({ class: 'quota_exhausted', retryAfterMs: 3_600_000 });
    simulator.state.addFault({ target: 'generate', kind: '429', reason: 'MODEL_CAPACITY_EXHAUSTED', retryDelaySeconds: 1, count: 1 });
    expect(await classify()).toMatchObject({ class: 'capacity' });
    simulator.state.addFault({ target: 'generate', kind: '403-validation', count: 1 });
    expect(await classify()).toMatchObject({ class: 'validation_required', validationUrl: SIM_VALIDATION_URL });
    simulator.state.addFault({ target: 'generate', kind: '403-service-disabled', count: 1 });
    expect(await classify()).toMatchObject({ class: 'project_problem', reason: 'SERVICE_DISABLED' });
    simulator.state.addFault({ target: 'generate', kind: '403', count: 1 });
    expect(await classify()).toMatchObject({ class: 'forbidden' });
    simulator.state.expireAccessTokens('liam@example.com');
    expect(await classify()).toMatchObject({ class: 'unauthorized', status: 401 });
  });

  it('a wrong project is a project problem', async () => {
    const account = await signIn('mia@example.com');
    const response = await codeAssist.call('generateContent', { accessToken: account.accessToken, body: envelope('someone-elses-project') });
    const failure = classifyUpstreamFailure(response.status, response.headers, await response.body.text());
    expect(failure).toMatchObject({ class: 'project_problem', status: 403 });
  });

  it('fetches the available models with their quota', async () => {
    const account = await signIn('noah@example.com');
    simulator.state.setQuota('noah@example.com', { remainingFraction: 0.4, model: 'gemini-pro-agent' });
    const models = await codeAssist.fetchAvailableModels(account.accessToken, account.projectId);
    expect(models.models?.['gemini-pro-agent']?.quotaInfo?.remainingFraction).toBe(0.4);
    expect(models.models?.['gemini-3-flash']?.quotaInfo?.remainingFraction).toBe(1);
  });
});
