/**
 * @module google/oauth
 * Google OAuth for agt: endpoint configuration, the token client (refresh, code exchange with PKCE, userinfo,
 * consent URL) and the classification of token-endpoint failures.
 */
export {
  DEFAULT_GOOGLE_ENDPOINTS,
  normalizeCodeAssistBase,
  resolveGoogleEndpoints,
  type GoogleEndpoints,
} from './resolve-google-endpoints.js';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  GOOGLE_OAUTH_SCOPES,
  resolveGoogleClientCredentials,
} from './google-oauth-constants.js';
export {
  createGoogleOAuthClient,
  MISSING_REFRESH_TOKEN_MESSAGE,
  UserInfoError,
  type GoogleOAuthClient,
  type GoogleOAuthClientOptions,
  type GoogleUserInfo,
  type OAuthTokens,
} from './google-oauth-client.js';
export { isOAuthError, mapOAuthErrorResponse, OAuthError, type OAuthFailureKind } from './oauth-error.js';
export { computePkceChallenge, createPkcePair } from './create-pkce-pair.js';
