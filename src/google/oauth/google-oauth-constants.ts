/**
 * The OAuth client agt presents to Google: by default the Antigravity desktop app's public "installed app" client,
 * the one that issued the refresh tokens the desktop app and agt's own sign-in store (a refresh token only works
 * with its client; any other answers `401 unauthorized_client`). Every peer ships the same pair
 * (lbjlaq/Antigravity-Manager `src-tauri/src/modules/oauth.rs`, router-for-me/CLIProxyAPI
 * `internal/auth/antigravity/constants.go`, NoeFabris/opencode-antigravity-auth `src/constants.ts`,
 * badrisnarayanan/antigravity-claude-proxy `src/constants.js`). Google documents that an installed application's
 * client secret is embedded in the application and "is obviously not treated as a secret"
 * (https://developers.google.com/identity/protocols/oauth2#installed), so it is a default here, overridable by
 * `AGT_GOOGLE_CLIENT_ID` / `AGT_GOOGLE_CLIENT_SECRET`.
 */
export const DEFAULT_CLIENT_ID = '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com';

export const DEFAULT_CLIENT_SECRET = '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';

/** `openid` plus the five scopes the Antigravity client asks for. */
export const GOOGLE_OAUTH_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
  'https://www.googleapis.com/auth/cclog',
  'https://www.googleapis.com/auth/experimentsandconfigs',
]);

/** Client id/secret from the environment (`AGT_GOOGLE_CLIENT_ID`, `AGT_GOOGLE_CLIENT_SECRET`), else the defaults. */
export function resolveGoogleClientCredentials(env: Record<string, string | undefined>): {
  clientId: string;
  clientSecret: string;
} {
  const clientId = env.AGT_GOOGLE_CLIENT_ID?.trim();
  const clientSecret = env.AGT_GOOGLE_CLIENT_SECRET?.trim();
  return {
    clientId: clientId ? clientId : DEFAULT_CLIENT_ID,
    clientSecret: clientSecret ? clientSecret : DEFAULT_CLIENT_SECRET,
  };
}
