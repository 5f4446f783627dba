import type { CodeAssistClient, GoogleOAuthClient, OAuthTokens } from '../google/index.js';
import type { AccountStore, UpsertResult } from './index.js';

export interface AddAccountDependencies {
  store: AccountStore;
  oauth: GoogleOAuthClient;
  codeAssist: Pick<CodeAssistClient, 'loadCodeAssist'>;
  now?: () => number;
}

/**
 * Saves the account that `tokens` belong to: userinfo for the email Google vouches for, the Cloud Code
 * project (best effort — the pool resolves it, onboarding included, on first use), then an upsert by email.
 * The upsert is what recovers a disabled account: changed tokens clear `disabled*`; `proxy_disabled` stays.
 */
export async function saveGoogleAccount(dependencies: AddAccountDependencies, tokens: OAuthTokens, refreshToken: string): Promise<UpsertResult> {
  const now = Math.floor((dependencies.now?.() ?? Date.now()) / 1000);
  const user = await dependencies.oauth.getUserInfo(tokens.access_token);
  let projectId: string | undefined;
  try {
    const loaded = await dependencies.codeAssist.loadCodeAssist(tokens.access_token);
    const project = (loaded as { cloudaicompanionProject?: unknown }).cloudaicompanionProject;
    if (typeof project === 'string' && project !== '') projectId = project;
    else if (typeof project === 'object' && project !== null && typeof (project as { id?: unknown }).id === 'string') projectId = (project as { id: string }).id;
  } catch {
    // Best effort: the pool resolves (and onboards) the project the first time the account serves.
  }
  const name = user.name ?? ([user.given_name, user.family_name].filter(Boolean).join(' ') || null);
  return dependencies.store.upsertByEmail({
    email: user.email,
    name,
    token: {
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token ?? refreshToken,
      expires_in: tokens.expires_in,
      expiry_timestamp: now + tokens.expires_in,
      token_type: tokens.token_type || 'Bearer',
      project_id: projectId,
    },
  });
}

/** `agt accounts add --refresh-token` and `POST /api/accounts`: refresh → userinfo → project → upsert. */
export async function addAccountWithRefreshToken(dependencies: AddAccountDependencies, refreshToken: string): Promise<UpsertResult> {
  const tokens = await dependencies.oauth.refresh(refreshToken.trim());
  return saveGoogleAccount(dependencies, tokens, refreshToken.trim());
}
