import type { Dispatcher } from 'undici';
import { request } from '../undici-parts.js';
import { redactSecrets } from '../../shared/redact.js';
import { truncateReason } from '../../shared/truncate-reason.js';
import { describeNetworkError } from '../read-network-error-code.js';
import { GOOGLE_OAUTH_SCOPES } from './google-oauth-constants.js';
import type { GoogleEndpoints } from './resolve-google-endpoints.js';
import { mapOAuthErrorResponse, OAuthError } from './oauth-error.js';

/** A token-endpoint success body (RFC 6749 §5.1). A refresh normally has no `refresh_token`; keep the old one. */
export interface OAuthTokens {
  access_token: string;
  expires_in: number;
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** Google OAuth2 v2 userinfo (lessons-and-protocols.md B.2); only `email` is guaranteed. */
export interface GoogleUserInfo {
  id?: string;
  email: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
}

export interface GoogleOAuthClient {
  /** `grant_type=refresh_token`. Throws OAuthError; `kind` says whether the account must be disabled. */
  refresh(refreshToken: string, options?: { signal?: AbortSignal }): Promise<OAuthTokens>;
  /** `grant_type=authorization_code` with the PKCE verifier. An answer without a refresh token is an error. */
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier: string }): Promise<OAuthTokens>;
  getUserInfo(accessToken: string): Promise<GoogleUserInfo>;
  buildAuthUrl(input: { redirectUri: string; state: string; codeChallenge: string; loginHint?: string }): string;
}

export interface GoogleOAuthClientOptions {
  endpoints: GoogleEndpoints;
  clientId: string;
  clientSecret: string;
  /** A keep-alive `Agent` or a `ProxyAgent`, owned by the caller. */
  dispatcher?: Dispatcher;
  /** Whole-exchange timeout; default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
}

/** A failed userinfo lookup (`status` is absent for network errors). */
export class UserInfoError extends Error {
  readonly status?: number;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserInfoError';
    if (options.status !== undefined) this.status = options.status;
  }
}

export const MISSING_REFRESH_TOKEN_MESSAGE =
  "Google returned no refresh_token; revoke the app's access at https://myaccount.google.com/permissions and sign in again";

export function createGoogleOAuthClient(options: GoogleOAuthClientOptions): GoogleOAuthClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const { endpoints, clientId, clientSecret, dispatcher } = options;

  async function postTokenForm(form: URLSearchParams, signal: AbortSignal | undefined): Promise<OAuthTokens> {
    let status: number;
    let text: string;
    try {
      const response = await request(endpoints.tokenUrl, {
        method: 'POST',
        headers: buildHeaders({
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        }),
        body: form.toString(),
        dispatcher,
        signal: combineWithTimeout(signal, timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new OAuthError('transient', `token endpoint unreachable: ${describeNetworkError(error)}`, { cause: error });
    }
    if (status < 200 || status >= 300) throw mapOAuthErrorResponse(status, text);
    const tokens = parseTokenResponse(text);
    if (tokens === undefined) {
      // A 2xx that is not a token answer: a captive portal or a broken proxy in between, not the account's fault.
      throw new OAuthError('transient', `token endpoint returned HTTP ${status} without an access_token`, { status });
    }
    return tokens;
  }

  function buildHeaders(headers: Record<string, string>): Record<string, string> {
    return options.userAgent === undefined ? headers : { ...headers, 'user-agent': options.userAgent };
  }

  return {
    refresh(refreshToken, refreshOptions) {
      // Field order as Google's own clients send it (lessons-and-protocols.md B.1).
      const form = new URLSearchParams();
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
      form.set('refresh_token', refreshToken);
      form.set('grant_type', 'refresh_token');
      return postTokenForm(form, refreshOptions?.signal);
    },

    async exchangeCode(input) {
      const form = new URLSearchParams();
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
      form.set('code', input.code);
      form.set('code_verifier', input.codeVerifier);
      form.set('redirect_uri', input.redirectUri);
      form.set('grant_type', 'authorization_code');
      const tokens = await postTokenForm(form, undefined);
      if (tokens.refresh_token === undefined) {
        throw new OAuthError('bad_request', MISSING_REFRESH_TOKEN_MESSAGE);
      }
      return tokens;
    },

    async getUserInfo(accessToken) {
      let status: number;
      let text: string;
      try {
        const response = await request(endpoints.userinfoUrl, {
          method: 'GET',
          headers: buildHeaders({ authorization: `Bearer ${accessToken}`, accept: 'application/json' }),
          dispatcher,
          signal: combineWithTimeout(undefined, timeoutMs),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        throw new UserInfoError(`userinfo endpoint unreachable: ${describeNetworkError(error)}`, { cause: error });
      }
      if (status < 200 || status >= 300) {
        throw new UserInfoError(`Failed to get user info: HTTP ${status}${formatApiErrorDetail(text)}`, { status });
      }
      const info = parseUserInfo(text);
      if (info === undefined) throw new UserInfoError('Failed to get user info: the answer has no email', { status });
      return info;
    },

    buildAuthUrl(input) {
      const url = new URL(endpoints.authUrl);
      const parameters = url.searchParams;
      parameters.set('client_id', clientId);
      parameters.set('redirect_uri', input.redirectUri);
      parameters.set('response_type', 'code');
      parameters.set('scope', GOOGLE_OAUTH_SCOPES.join(' '));
      parameters.set('access_type', 'offline');
      parameters.set('prompt', 'consent');
      parameters.set('include_granted_scopes', 'true');
      parameters.set('state', input.state);
      parameters.set('code_challenge', input.codeChallenge);
      parameters.set('code_challenge_method', 'S256');
      if (input.loginHint) parameters.set('login_hint', input.loginHint);
      return url.toString();
    },
  };
}

function combineWithTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseTokenResponse(text: string): OAuthTokens | undefined {
  const body = parseJson(text);
  if (body === undefined) return undefined;
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') return undefined;
  const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
  const tokens: OAuthTokens = {
    access_token: accessToken,
    // Google always sends expires_in; if a proxy drops it, assume the usual hour so the token still refreshes.
    expires_in: typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3599,
    token_type: typeof body.token_type === 'string' && body.token_type !== '' ? body.token_type : 'Bearer',
  };
  for (const key of ['refresh_token', 'id_token', 'scope'] as const) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') tokens[key] = value;
  }
  return tokens;
}

function parseUserInfo(text: string): GoogleUserInfo | undefined {
  const body = parseJson(text);
  if (body === undefined || typeof body.email !== 'string' || body.email === '') return undefined;
  const info: GoogleUserInfo = { email: body.email };
  for (const key of ['id', 'name', 'given_name', 'family_name', 'picture'] as const) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') info[key] = value;
    else if (key === 'id' && typeof value === 'number') info.id = String(value);
  }
  return info;
}

function formatApiErrorDetail(text: string): string {
  const body = parseJson(text);
  const error = body?.error;
  let message: string | undefined;
  if (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    message = (error as { message: string }).message;
  } else if (typeof error === 'string') {
    message = typeof body?.error_description === 'string' ? `${error}: ${body.error_description}` : error;
  }
  return message ? `: ${truncateReason(redactSecrets(message), 300)}` : '';
}
