/**
 * `GET /o/oauth2/v2/auth`: the consent page, auto-accepted. Redirects to `redirect_uri` with a one-time code
 * and the caller's `state`, remembering the PKCE challenge for the code exchange. Bad requests get an HTML
 * error page, as Google shows one instead of redirecting.
 */
import type { ServerResponse } from 'node:http';
import { DEFAULT_SIM_SCOPE, type SimulatorState } from './simulator-state.js';

export function handleAuthorizeRequest(state: SimulatorState, response: ServerResponse, query: URLSearchParams): void {
  const clientId = query.get('client_id') ?? '';
  if (!state.isKnownClient(clientId)) {
    return sendHtmlError(response, 'Error 401: invalid_client', 'The OAuth client was not found.');
  }
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) return sendHtmlError(response, 'Error 400: invalid_request', 'Missing required parameter: redirect_uri');
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return sendHtmlError(response, 'Error 400: invalid_request', 'Invalid parameter value for redirect_uri');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return sendHtmlError(response, 'Error 400: invalid_request', 'Invalid parameter value for redirect_uri');
  }
  if (query.get('response_type') !== 'code') {
    return sendHtmlError(response, 'Error 400: invalid_request', 'Invalid response_type: only "code" is supported');
  }
  const codeChallenge = query.get('code_challenge') || undefined;
  const method = query.get('code_challenge_method') ?? 'plain';
  if (method !== 'S256' && method !== 'plain') {
    return sendHtmlError(response, 'Error 400: invalid_request', 'Invalid code_challenge_method value.');
  }
  const account = state.pickConsentAccount(query.get('login_hint') ?? undefined);
  if (account === undefined) {
    return sendHtmlError(
      response,
      'Error 400: no account',
      'The simulator has no account to sign in with. Create one with POST /_sim/accounts {"email": "..."}.',
    );
  }
  const scope = query.get('scope') ?? DEFAULT_SIM_SCOPE;
  const code = state.createAuthorizationCode({
    email: account.email,
    clientId,
    redirectUri,
    codeChallenge,
    codeChallengeMethod: method,
    scope,
  });
  target.searchParams.set('code', code);
  const callerState = query.get('state');
  if (callerState !== null) target.searchParams.set('state', callerState);
  target.searchParams.set('scope', scope);
  response.writeHead(302, { location: target.toString(), 'content-length': 0 });
  response.end();
}

function sendHtmlError(response: ServerResponse, title: string, detail: string): void {
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>Access blocked: authorisation error</h1><p>${escapeHtml(title)}</p><p>${escapeHtml(detail)}</p>` +
    '</body></html>';
  response.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  response.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
