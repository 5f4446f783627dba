import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_CLIENT_ID, DEFAULT_SIM_CLIENT_SECRET, startGoogleSimulator, type GoogleSimulator } from './index.js';
import { postForm, refreshAccessToken, startSimulatorForTestFile } from './simulator-test-client.js';

let simulator: GoogleSimulator;
startSimulatorForTestFile((started) => (simulator = started));

const REDIRECT_URI = 'http://127.0.0.1:51121/oauth-callback';

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({
    client_id: DEFAULT_SIM_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid email',
    state: 'state-123',
    ...params,
  });
  return fetch(`${simulator.url}/o/oauth2/v2/auth?${query}`, { redirect: 'manual' });
}

function exchangeCode(code: string, verifier: string, redirectUri = REDIRECT_URI): Promise<Response> {
  return postForm(`${simulator.url}/token`, {
    client_id: DEFAULT_SIM_CLIENT_ID,
    client_secret: DEFAULT_SIM_CLIENT_SECRET,
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
    grant_type: 'authorization_code',
  });
}

describe('authorization code flow with PKCE', () => {
  it('redirects with a code and the echoed state, then exchanges it for tokens once', async () => {
    simulator.state.createAccount({ email: 'first@example.com' });
    simulator.state.createAccount({ email: 'newest@example.com', name: 'Newest Person' });
    const { verifier, challenge } = pkcePair();
    const redirect = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^sim-code-/);

    const response = await exchangeCode(code, verifier);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body.access_token).toMatch(/^sim-at-/);
    expect(body.refresh_token).toMatch(/^sim-rt-/);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, scope: 'openid email' });
    const claims = JSON.parse(Buffer.from(body.id_token.split('.')[1], 'base64url').toString()) as { email: string };
    expect(claims.email).toBe('newest@example.com');

    const userinfo = await fetch(`${simulator.url}/oauth2/v2/userinfo`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(((await userinfo.json()) as { email: string }).email).toBe('newest@example.com');
    expect((await refreshAccessToken(simulator, body.refresh_token)).status).toBe(200);

    const again = await exchangeCode(code, verifier);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
    expect(simulator.state.counters().codeExchange['newest@example.com']).toBe(2);
  });

  it('rejects a wrong verifier and a different redirect_uri with invalid_grant', async () => {
    simulator.state.createAccount({ email: 'user@example.com' });
    const { verifier, challenge } = pkcePair();
    const redirect = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const wrong = await exchangeCode(code, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    const otherRedirect = await exchangeCode(code, verifier, 'http://127.0.0.1:1/other');
    expect(otherRedirect.status).toBe(400);
    expect(((await otherRedirect.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await exchangeCode(code, verifier)).status).toBe(200);
  });

  it('picks the login_hint account, else the consent account', async () => {
    simulator.state.createAccount({ email: 'a@example.com' });
    simulator.state.createAccount({ email: 'b@example.com' });
    simulator.state.createAccount({ email: 'c@example.com' });
    await fetch(`${simulator.url}/_sim/consent`, { method: 'POST', body: JSON.stringify({ email: 'b@example.com' }) });
    const emailOf = async (params: Record<string, string>): Promise<string> => {
      const redirect = await authorize(params);
      const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const response = await exchangeCode(code, '');
      const token = ((await response.json()) as { access_token: string }).access_token;
      const userinfo = await fetch(`${simulator.url}/oauth2/v2/userinfo`, { headers: { authorization: `Bearer ${token}` } });
      return ((await userinfo.json()) as { email: string }).email;
    };
    expect(await emailOf({ login_hint: 'a@example.com' })).toBe('a@example.com');
    expect(await emailOf({ login_hint: 'nobody@example.com' })).toBe('b@example.com');
  });

  it('shows an HTML error page for an unknown client or when no account exists', async () => {
    const noAccount = await authorize({});
    expect(noAccount.status).toBe(400);
    expect(noAccount.headers.get('content-type')).toContain('text/html');
    simulator.state.createAccount({ email: 'user@example.com' });
    const unknownClient = await authorize({ client_id: 'someone-else.apps.googleusercontent.com' });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('invalid_client');
  });
});

describe('refresh_token grant', () => {
  it('returns an access token without a refresh token and counts the refresh', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com' });
    const response = await refreshAccessToken(simulator, refreshToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body.expires_in).toBe(3599);
    expect(simulator.state.counters().refresh).toEqual({ 'user@example.com': 1 });
  });

  it('answers a revoked token with the exact invalid_grant body; a re-issued token works again', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com' });
    const control = await fetch(`${simulator.url}/_sim/accounts/user%40example.com/revoke`, { method: 'POST' });
    expect(control.status).toBe(200);
    const response = await refreshAccessToken(simulator, refreshToken);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('{"error":"invalid_grant","error_description":"Token has been expired or revoked."}');
    const unknown = await refreshAccessToken(simulator, 'sim-rt-never-issued');
    expect(unknown.status).toBe(400);

    const reissued = await fetch(`${simulator.url}/_sim/accounts/user@example.com/refresh-token`, { method: 'POST' });
    const { refresh_token: fresh } = (await reissued.json()) as { refresh_token: string };
    expect((await refreshAccessToken(simulator, fresh)).status).toBe(200);
    expect((await refreshAccessToken(simulator, refreshToken)).status).toBe(400);
    expect(simulator.state.counters().tokenErrors).toEqual({ 'user@example.com': 2, '(unknown)': 1 });
  });

  it('keeps older tokens valid when the same email is created again', async () => {
    const first = simulator.state.createAccount({ email: 'user@example.com' });
    const second = simulator.state.createAccount({ email: 'user@example.com' });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.projectId).toBe(first.projectId);
    expect((await refreshAccessToken(simulator, first.refreshToken)).status).toBe(200);
    expect((await refreshAccessToken(simulator, second.refreshToken)).status).toBe(200);
  });

  it('answers a token of another client with unauthorized_client and an unknown client with invalid_client', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com', clientId: 'gemini-cli-client' });
    const wrongClient = await refreshAccessToken(simulator, refreshToken);
    expect(wrongClient.status).toBe(401);
    expect(await wrongClient.text()).toBe('{"error":"unauthorized_client","error_description":"Unauthorized"}');
    const ownClient = await postForm(`${simulator.url}/token`, {
      client_id: 'gemini-cli-client',
      refresh_token: refreshToken,
      grant_type: 'refresh_token',
    });
    expect(ownClient.status).toBe(200);

    const unknownClient = await postForm(`${simulator.url}/token`, {
      client_id: 'nobody.apps.googleusercontent.com',
      refresh_token: refreshToken,
      grant_type: 'refresh_token',
    });
    expect(unknownClient.status).toBe(401);
    expect(await unknownClient.text()).toBe(
      '{"error":"invalid_client","error_description":"The OAuth client was not found."}',
    );
  });

  it('rejects a missing or unknown grant_type', async () => {
    const client = { client_id: DEFAULT_SIM_CLIENT_ID, client_secret: DEFAULT_SIM_CLIENT_SECRET };
    const response = await postForm(`${simulator.url}/token`, client);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('unsupported_grant_type');
    const password = await postForm(`${simulator.url}/token`, { ...client, grant_type: 'password' });
    expect(((await password.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('checks the Antigravity client secret by default, and none when told to accept any', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com' });
    const send = (url: string, secret: string) =>
      postForm(`${url}/token`, { client_id: DEFAULT_SIM_CLIENT_ID, client_secret: secret, refresh_token: refreshToken, grant_type: 'refresh_token' });
    const wrong = await send(simulator.url, 'agt-public-client');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });
    expect((await send(simulator.url, DEFAULT_SIM_CLIENT_SECRET)).status).toBe(200);

    const lenient = await startGoogleSimulator({ clientSecret: null });
    try {
      const created = lenient.state.createAccount({ email: 'user@example.com' });
      const response = await postForm(`${lenient.url}/token`, {
        client_id: DEFAULT_SIM_CLIENT_ID,
        client_secret: 'anything',
        refresh_token: created.refreshToken,
        grant_type: 'refresh_token',
      });
      expect(response.status).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  it('checks the client secret when one is configured', async () => {
    const strict = await startGoogleSimulator({ clientId: 'strict-client', clientSecret: 'right' });
    try {
      const { refreshToken } = strict.state.createAccount({ email: 'user@example.com' });
      const send = (secret: string) =>
        postForm(`${strict.url}/token`, {
          client_id: 'strict-client',
          client_secret: secret,
          refresh_token: refreshToken,
          grant_type: 'refresh_token',
        });
      const wrong = await send('wrong');
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { error: string }).error).toBe('invalid_client');
      expect((await send('right')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('rotates the refresh token while a rotate-refresh-token fault is active', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com' });
    simulator.state.addFault({ target: 'token', kind: 'rotate-refresh-token', email: 'user@example.com', count: 1 });
    const rotated = (await (await refreshAccessToken(simulator, refreshToken)).json()) as { refresh_token?: string };
    expect(rotated.refresh_token).toMatch(/^sim-rt-/);
    expect((await refreshAccessToken(simulator, refreshToken)).status).toBe(400);
    const next = (await (await refreshAccessToken(simulator, rotated.refresh_token ?? '')).json()) as Record<string, unknown>;
    expect(next.refresh_token).toBeUndefined();
  });

  it('accepts a JSON body too', async () => {
    const { refreshToken } = simulator.state.createAccount({ email: 'user@example.com' });
    const response = await fetch(`${simulator.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: DEFAULT_SIM_CLIENT_ID,
        client_secret: DEFAULT_SIM_CLIENT_SECRET,
        refresh_token: refreshToken,
        grant_type: 'refresh_token',
      }),
    });
    expect(response.status).toBe(200);
  });
});
