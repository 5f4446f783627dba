/**
 * `POST /token`: the refresh_token and authorization_code grants with Google's exact error bodies
 * (reference B.1), token faults, and the refresh-token-to-client binding.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, parseJsonBody, readRequestBody } from './read-request-body.js';
import { sendJson } from './send-google-error.js';
import { UNKNOWN_ACCOUNT_KEY } from './simulator-counters.js';
import type { AuthorizationCodeRecord, SimulatorState } from './simulator-state.js';
import { waitForClientToLeave, waitForDelay } from './wait-for-delay.js';

interface TokenError {
  status: number;
  error: string;
  description: string;
}

const REVOKED: TokenError = { status: 400, error: 'invalid_grant', description: 'Token has been expired or revoked.' };
const CLIENT_NOT_FOUND: TokenError = {
  status: 401,
  error: 'invalid_client',
  description: 'The OAuth client was not found.',
};
const WRONG_CLIENT: TokenError = { status: 401, error: 'unauthorized_client', description: 'Unauthorized' };

export async function handleTokenRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const params = parseTokenParams(await readRequestBody(request), request.headers['content-type']);
  const grantType = params.get('grant_type') ?? '';
  const clientId = params.get('client_id') ?? '';
  const refreshToken = params.get('refresh_token');
  const code = params.get('code');
  const refreshRecord = grantType === 'refresh_token' && refreshToken ? state.findRefreshToken(refreshToken) : undefined;
  const codeRecord = grantType === 'authorization_code' && code ? state.findAuthorizationCode(code) : undefined;
  const email = refreshRecord?.email ?? codeRecord?.email;
  if (email !== undefined) state.count(grantType === 'refresh_token' ? 'refresh' : 'codeExchange', email);

  const sendError = (failure: TokenError): void => {
    state.count('tokenErrors', email ?? UNKNOWN_ACCOUNT_KEY);
    sendJson(response, failure.status, { error: failure.error, error_description: failure.description });
  };

  const taken = state.takeFaults('token', { email });
  if (taken.delayMs > 0 && !(await waitForDelay(taken.delayMs, response))) return;
  switch (taken.terminal?.kind) {
    case 'token-reset':
      state.count('tokenErrors', email ?? UNKNOWN_ACCOUNT_KEY);
      response.destroy();
      return;
    case 'hang':
      await waitForClientToLeave(response);
      return;
    case 'token-500':
    case '500':
      return sendError({ status: 500, error: 'internal_failure', description: 'Internal error encountered.' });
    case '503':
      return sendError({ status: 503, error: 'temporarily_unavailable', description: 'The service is unavailable.' });
    case 'token-unauthorized_client':
      return sendError(WRONG_CLIENT);
    case 'token-invalid_client':
      return sendError(CLIENT_NOT_FOUND);
    default:
      break;
  }

  if (!state.isKnownClient(clientId)) return sendError(CLIENT_NOT_FOUND);
  const secret = state.clientSecretFor(clientId);
  if (secret !== undefined && params.get('client_secret') !== secret) {
    return sendError({ status: 401, error: 'invalid_client', description: 'Unauthorized' });
  }

  if (grantType === 'refresh_token') {
    if (!refreshToken) {
      return sendError({ status: 400, error: 'invalid_request', description: 'Missing required parameter: refresh_token' });
    }
    if (refreshRecord === undefined || refreshRecord.revoked) return sendError(REVOKED);
    if (refreshRecord.clientId !== clientId) return sendError(WRONG_CLIENT);
    const { accessToken, expiresIn } = state.issueAccessToken(refreshRecord.email);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: expiresIn,
      scope: refreshRecord.scope,
      token_type: 'Bearer',
    };
    if (taken.rotateRefreshToken) body.refresh_token = state.rotateRefreshToken(refreshToken);
    return sendJson(response, 200, body, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
  }

  if (grantType === 'authorization_code') {
    if (!code) return sendError({ status: 400, error: 'invalid_request', description: 'Missing required parameter: code' });
    const failure = checkAuthorizationCode(codeRecord, clientId, params);
    if (failure !== undefined) return sendError(failure);
    const record = codeRecord as AuthorizationCodeRecord;
    record.used = true;
    const account = state.findAccount(record.email);
    if (account === undefined) return sendError(REVOKED);
    const newRefreshToken = state.issueRefreshToken(account.email, clientId, record.scope);
    const { accessToken, expiresIn } = state.issueAccessToken(account.email);
    const nowSeconds = Math.floor(state.clock.now() / 1000);
    return sendJson(response, 200, {
      access_token: accessToken,
      expires_in: expiresIn,
      refresh_token: newRefreshToken,
      scope: record.scope,
      token_type: 'Bearer',
      id_token: buildIdToken({
        iss: 'https://accounts.google.com',
        aud: clientId,
        azp: clientId,
        sub: account.googleId,
        email: account.email,
        email_verified: true,
        name: account.name,
        iat: nowSeconds,
        exp: nowSeconds + expiresIn,
      }),
    });
  }

  return sendError({ status: 400, error: 'unsupported_grant_type', description: `Invalid grant_type: ${grantType}` });
}

function checkAuthorizationCode(
  record: AuthorizationCodeRecord | undefined,
  clientId: string,
  params: URLSearchParams,
): TokenError | undefined {
  if (record === undefined) return { status: 400, error: 'invalid_grant', description: 'Malformed auth code.' };
  if (record.used) return { status: 400, error: 'invalid_grant', description: 'Bad Request' };
  if (record.clientId !== clientId) return WRONG_CLIENT;
  if (params.get('redirect_uri') !== record.redirectUri) {
    return { status: 400, error: 'invalid_grant', description: 'Bad Request' };
  }
  if (record.codeChallenge === undefined) return undefined;
  const verifier = params.get('code_verifier');
  if (!verifier) return { status: 400, error: 'invalid_grant', description: 'Missing code verifier.' };
  const computed =
    record.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (computed !== record.codeChallenge) {
    return { status: 400, error: 'invalid_grant', description: 'Invalid code verifier.' };
  }
  return undefined;
}

/** Form-encoded like Google expects; a JSON body is accepted too. */
function parseTokenParams(text: string, contentType: string | undefined): URLSearchParams {
  if (contentType?.includes('application/json') === true) {
    const body = parseJsonBody(text);
    const params = new URLSearchParams();
    if (isRecord(body)) {
      for (const [key, value] of Object.entries(body)) if (typeof value === 'string') params.set(key, value);
    }
    return params;
  }
  return new URLSearchParams(text);
}

/** An unsigned JWT-shaped token carrying the identity claims (the simulator signs nothing). */
function buildIdToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', kid: 'sim', typ: 'JWT' })}.${encode(claims)}.sim-signature`;
}
