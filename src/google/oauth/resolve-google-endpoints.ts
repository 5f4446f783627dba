/**
 * Where agt reaches Google. Every endpoint is configuration (DESIGN.md §3) so tests, the simulator and users behind
 * special networks can redirect them.
 */
export interface GoogleEndpoints {
  authUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  /** Cloud Code Assist bases WITHOUT `/v1internal`, tried in order. */
  codeAssistUrls: string[];
}

export const DEFAULT_GOOGLE_ENDPOINTS: Readonly<GoogleEndpoints> = Object.freeze({
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  userinfoUrl: 'https://www.googleapis.com/oauth2/v2/userinfo',
  // Daily, then prod: the order the working peers use today (router-for-me/CLIProxyAPI
  // `antigravityBaseURLFallbackOrder`, which keeps the sandbox commented out; badrisnarayanan/antigravity-claude-proxy
  // `ANTIGRAVITY_ENDPOINT_FALLBACKS`). The daily *sandbox* host Antigravity-Manager tried first is only used when
  // configured (`AGT_CODE_ASSIST_URLS`): the official app's logs show the non-sandbox daily host
  // (lessons-and-protocols.md B.3).
  codeAssistUrls: ['https://daily-cloudcode-pa.googleapis.com', 'https://cloudcode-pa.googleapis.com'],
});

/**
 * Defaults < `AGT_GOOGLE_BASE_URL` (one base, real paths) < the per-endpoint variables
 * `AGT_GOOGLE_AUTH_URL`, `AGT_GOOGLE_TOKEN_URL`, `AGT_GOOGLE_USERINFO_URL`, `AGT_CODE_ASSIST_URLS` (comma list).
 */
export function resolveGoogleEndpoints(env: Record<string, string | undefined>): GoogleEndpoints {
  const endpoints: GoogleEndpoints = {
    ...DEFAULT_GOOGLE_ENDPOINTS,
    codeAssistUrls: [...DEFAULT_GOOGLE_ENDPOINTS.codeAssistUrls],
  };
  const base = readSetting(env, 'AGT_GOOGLE_BASE_URL');
  if (base !== undefined) {
    const origin = stripTrailingSlashes(base);
    endpoints.authUrl = `${origin}/o/oauth2/v2/auth`;
    endpoints.tokenUrl = `${origin}/token`;
    endpoints.userinfoUrl = `${origin}/oauth2/v2/userinfo`;
    endpoints.codeAssistUrls = [origin];
  }
  endpoints.authUrl = readSetting(env, 'AGT_GOOGLE_AUTH_URL') ?? endpoints.authUrl;
  endpoints.tokenUrl = readSetting(env, 'AGT_GOOGLE_TOKEN_URL') ?? endpoints.tokenUrl;
  endpoints.userinfoUrl = readSetting(env, 'AGT_GOOGLE_USERINFO_URL') ?? endpoints.userinfoUrl;
  const codeAssistList = readSetting(env, 'AGT_CODE_ASSIST_URLS');
  if (codeAssistList !== undefined) {
    const urls = codeAssistList
      .split(',')
      .map((entry) => normalizeCodeAssistBase(entry))
      .filter((entry) => entry !== '');
    if (urls.length > 0) endpoints.codeAssistUrls = urls;
  }
  return endpoints;
}

/** Accepts a base with or without a trailing `/v1internal` (Antigravity Tools writes it with one). */
export function normalizeCodeAssistBase(url: string): string {
  return stripTrailingSlashes(url.trim()).replace(/\/v1internal$/, '');
}

function readSetting(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function stripTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
