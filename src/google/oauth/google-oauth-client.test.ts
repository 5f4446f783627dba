import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  findClosedPortUrl,
  sendJson,
  startRecordingServer,
  type RecordedRequest,
  type RecordingServer,
} from '../recording-server.test-helper.js';
import { createPkcePair } from './create-pkce-pair.js';
import { createGoogleOAuthClient, MISSING_REFRESH_TOKEN_MESSAGE, UserInfoError } from './google-oauth-client.js';
import { GOOGLE_OAUTH_SCOPES } from './google-oauth-constants.js';
import { OAuthError } from './oauth-error.js';
import type { GoogleEndpoints } from './resolve-google-endpoints.js';
import type { ServerResponse } from 'node:http';

const REFRESH_TOKEN = 'sim-rt-alice-0001';

let dispatcher: Agent;
let server: RecordingServer | undefined;
let answer: (request: RecordedRequest, response: ServerResponse) => void;

beforeAll(() => {
  dispatcher = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
});
afterAll(async () => {
  await dispatcher.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startGoogle(): Promise<{ server: RecordingServer; endpoints: GoogleEndpoints }> {
  server = await startRecordingServer((request, response) => answer(request, response));
  const endpoints: GoogleEndpoints = {
    authUrl: `${server.url}/o/oauth2/v2/auth`,
    tokenUrl: `${server.url}/token`,
    userinfoUrl: `${server.url}/oauth2/v2/userinfo`,
    codeAssistUrls: [server.url],
  };
  return { server, endpoints };
}

function clientFor(endpoints: GoogleEndpoints, timeoutMs?: number) {
  return createGoogleOAuthClient({ endpoints, clientId: 'test-client-id', clientSecret: 'test-secret', dispatcher, timeoutMs });
}

async function captureError(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('GoogleOAuthClient.refresh', () => {
  it('posts the exact form body and returns the tokens', async () => {
    answer = (_request, response) =>
      sendJson(response, 200, { access_token: 'sim-at-1', expires_in: 3599, token_type: 'Bearer', scope: 'openid' });
    const { server: google, endpoints } = await startGoogle();
    const tokens = await clientFor(endpoints).refresh(REFRESH_TOKEN);
    expect(tokens).toEqual({ access_token: 'sim-at-1', expires_in: 3599, token_type: 'Bearer', scope: 'openid' });
    expect(google.requests).toHaveLength(1);
    const [request] = google.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe(
      `client_id=test-client-id&client_secret=test-secret&refresh_token=${REFRESH_TOKEN}&grant_type=refresh_token`,
    );
  });

  it('surfaces a rotated refresh_token and an id_token', async () => {
    answer = (_request, response) =>
      sendJson(response, 200, {
        access_token: 'sim-at-2',
        expires_in: '3600',
        token_type: 'Bearer',
        refresh_token: 'sim-rt-rotated',
        id_token: 'header.payload.signature',
      });
    const { endpoints } = await startGoogle();
    const tokens = await clientFor(endpoints).refresh(REFRESH_TOKEN);
    expect(tokens.refresh_token).toBe('sim-rt-rotated');
    expect(tokens.id_token).toBe('header.payload.signature');
    expect(tokens.expires_in).toBe(3600);
  });

  it.each(['Token has been expired or revoked.', 'Bad Request', 'reauth related error (invalid_rapt)'])(
    'invalid_grant "%s" → kind invalid_grant, message without the token',
    async (description) => {
      answer = (_request, response) => sendJson(response, 400, { error: 'invalid_grant', error_description: description });
      const { endpoints } = await startGoogle();
      const error = await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN));
      expect(error.kind).toBe('invalid_grant');
      expect(error.status).toBe(400);
      expect(error.message).toBe(`invalid_grant: ${description}`);
      expect(error.message).not.toContain(REFRESH_TOKEN);
    },
  );

  it.each([
    ['unauthorized_client', 'Unauthorized'],
    ['invalid_client', 'The OAuth client was not found.'],
    ['deleted_client', 'The OAuth client was deleted.'],
  ])('401 %s → client_config', async (code, description) => {
    answer = (_request, response) => sendJson(response, 401, { error: code, error_description: description });
    const { endpoints } = await startGoogle();
    const error = await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN));
    expect(error.kind).toBe('client_config');
    expect(error.oauthError).toBe(code);
    expect(error.status).toBe(401);
  });

  it('invalid_request → bad_request; a non-JSON 4xx → bad_request with the status', async () => {
    answer = (request, response) => {
      if (request.body.includes('grant_type=refresh_token') && request.body.includes('first')) {
        sendJson(response, 400, { error: 'invalid_request', error_description: 'Missing required parameter' });
      } else {
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<html>Not Found</html>');
      }
    };
    const { endpoints } = await startGoogle();
    const client = clientFor(endpoints);
    expect((await captureError(client.refresh('sim-rt-first'))).kind).toBe('bad_request');
    const notJson = await captureError(client.refresh('sim-rt-second'));
    expect(notJson).toMatchObject({ kind: 'bad_request', status: 404 });
  });

  it('500 → transient', async () => {
    answer = (_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error');
    };
    const { endpoints } = await startGoogle();
    const error = await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN));
    expect(error).toMatchObject({ kind: 'transient', status: 500 });
  });

  it('ECONNREFUSED (a closed port) → transient', async () => {
    const closed = await findClosedPortUrl();
    const endpoints: GoogleEndpoints = {
      authUrl: `${closed}/auth`,
      tokenUrl: `${closed}/token`,
      userinfoUrl: `${closed}/userinfo`,
      codeAssistUrls: [closed],
    };
    const error = await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN));
    expect(error.kind).toBe('transient');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain(REFRESH_TOKEN);
  });

  it('a connection reset → transient', async () => {
    answer = (_request, response) => {
      response.socket?.destroy();
    };
    const { endpoints } = await startGoogle();
    expect((await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN))).kind).toBe('transient');
  });

  it('a token endpoint that never answers → transient after timeoutMs', async () => {
    answer = () => undefined;
    const { endpoints } = await startGoogle();
    const started = Date.now();
    const error = await captureError(clientFor(endpoints, 300).refresh(REFRESH_TOKEN));
    expect(error.kind).toBe('transient');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a 200 without access_token → transient', async () => {
    answer = (_request, response) => sendJson(response, 200, { hello: 'proxy' });
    const { endpoints } = await startGoogle();
    expect((await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN))).kind).toBe('transient');
  });

  it('an aborted signal → transient without reaching Google', async () => {
    answer = (_request, response) => sendJson(response, 200, { access_token: 'x', expires_in: 1, token_type: 'Bearer' });
    const { server: google, endpoints } = await startGoogle();
    const controller = new AbortController();
    controller.abort();
    const error = await captureError(clientFor(endpoints).refresh(REFRESH_TOKEN, { signal: controller.signal }));
    expect(error.kind).toBe('transient');
    expect(google.requests).toHaveLength(0);
  });
});

describe('GoogleOAuthClient.exchangeCode', () => {
  it('sends the authorization_code grant with the PKCE verifier', async () => {
    answer = (_request, response) =>
      sendJson(response, 200, {
        access_token: 'sim-at-3',
        expires_in: 3599,
        token_type: 'Bearer',
        refresh_token: 'sim-rt-new',
        id_token: 'a.b.c',
      });
    const { server: google, endpoints } = await startGoogle();
    const tokens = await clientFor(endpoints).exchangeCode({
      code: 'sim-code-1',
      redirectUri: 'http://127.0.0.1:5555/oauth-callback',
      codeVerifier: 'verifier-123',
    });
    expect(tokens.refresh_token).toBe('sim-rt-new');
    const form = new URLSearchParams(google.requests[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      client_id: 'test-client-id',
      client_secret: 'test-secret',
      code: 'sim-code-1',
      code_verifier: 'verifier-123',
      redirect_uri: 'http://127.0.0.1:5555/oauth-callback',
      grant_type: 'authorization_code',
    });
  });

  it('an answer without refresh_token → bad_request with revoke guidance', async () => {
    answer = (_request, response) => sendJson(response, 200, { access_token: 'sim-at-4', expires_in: 3599, token_type: 'Bearer' });
    const { endpoints } = await startGoogle();
    const error = await captureError(
      clientFor(endpoints).exchangeCode({ code: 'c', redirectUri: 'http://127.0.0.1:1/cb', codeVerifier: 'v' }),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.message).toBe(MISSING_REFRESH_TOKEN_MESSAGE);
  });

  it('invalid_grant on a used code is reported as invalid_grant', async () => {
    answer = (_request, response) => sendJson(response, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
    const { endpoints } = await startGoogle();
    const error = await captureError(
      clientFor(endpoints).exchangeCode({ code: 'c', redirectUri: 'http://127.0.0.1:1/cb', codeVerifier: 'v' }),
    );
    expect(error.kind).toBe('invalid_grant');
  });
});

describe('GoogleOAuthClient.getUserInfo', () => {
  it('sends the bearer token and reads the profile', async () => {
    answer = (_request, response) =>
      sendJson(response, 200, {
        id: '1234567890',
        email: 'alice@example.com',
        verified_email: true,
        name: 'Alice Example',
        given_name: 'Alice',
        family_name: 'Example',
        picture: 'https://lh3.googleusercontent.com/a',
      });
    const { server: google, endpoints } = await startGoogle();
    const info = await clientFor(endpoints).getUserInfo('sim-at-5');
    expect(info).toEqual({
      id: '1234567890',
      email: 'alice@example.com',
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
      picture: 'https://lh3.googleusercontent.com/a',
    });
    expect(google.requests[0]?.method).toBe('GET');
    expect(google.requests[0]?.url).toBe('/oauth2/v2/userinfo');
    expect(google.requests[0]?.headers.authorization).toBe('Bearer sim-at-5');
  });

  it('no email → error', async () => {
    answer = (_request, response) => sendJson(response, 200, { id: '1', name: 'No Mail' });
    const { endpoints } = await startGoogle();
    await expect(clientFor(endpoints).getUserInfo('sim-at-6')).rejects.toThrow(/no email/);
  });

  it('401 → UserInfoError with the status and no token', async () => {
    answer = (_request, response) =>
      sendJson(response, 401, { error: { code: 401, message: 'Invalid Credentials', status: 'UNAUTHENTICATED' } });
    const { endpoints } = await startGoogle();
    const error = await clientFor(endpoints).getUserInfo('sim-at-7').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserInfoError);
    expect(error).toMatchObject({ status: 401, message: 'Failed to get user info: HTTP 401: Invalid Credentials' });
  });
});

describe('GoogleOAuthClient.buildAuthUrl and createPkcePair', () => {
  it('builds the consent URL with offline access, consent prompt, scopes and S256 PKCE', () => {
    const client = clientFor({
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      userinfoUrl: 'https://www.googleapis.com/oauth2/v2/userinfo',
      codeAssistUrls: [],
    });
    const url = new URL(
      client.buildAuthUrl({
        redirectUri: 'http://127.0.0.1:4321/oauth-callback',
        state: 'state-xyz',
        codeChallenge: 'challenge-abc',
        loginHint: 'alice@example.com',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'test-client-id',
      redirect_uri: 'http://127.0.0.1:4321/oauth-callback',
      response_type: 'code',
      scope: GOOGLE_OAUTH_SCOPES.join(' '),
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state: 'state-xyz',
      code_challenge: 'challenge-abc',
      code_challenge_method: 'S256',
      login_hint: 'alice@example.com',
    });
    expect(url.searchParams.get('scope')?.split(' ')).toContain('openid');
    expect(url.searchParams.get('scope')?.split(' ')).toContain('https://www.googleapis.com/auth/cloud-platform');
  });

  it('creates a 43-128 character verifier with its S256 challenge, fresh each time', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });
});
