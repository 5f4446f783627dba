/**
 * The OAuth client agt presents to Google. Defaults to the public Antigravity desktop "installed app" client
 * (lessons-and-protocols.md B.1). Its client secret is not in agt's references, so it is NOT embedded here:
 * anyone using the real Google endpoints must set AGT_GOOGLE_CLIENT_ID and AGT_GOOGLE_CLIENT_SECRET to the
 * client that issued their refresh tokens (a refresh token only works with that client; any other answers
 * `401 unauthorized_client`). The placeholder secret is good enough for the simulator.
 */
export const DEFAULT_CLIENT_ID = '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com';

export const PLACEHOLDER_CLIENT_SECRET = 'agt-public-client';

export const DEFAULT_CLIENT_SECRET: string = readEnv('AGT_GOOGLE_CLIENT_SECRET') ?? PLACEHOLDER_CLIENT_SECRET;

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
    clientSecret: clientSecret ? clientSecret : PLACEHOLDER_CLIENT_SECRET,
  };
}

function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name]?.trim();
  return value ? value : undefined;
}
