import { OAuthError } from '../../google/index.js';
import { redactSecrets } from '../../shared/redact.js';

/** How an add-account failure reads to the user. */
export function describeAddFailure(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof OAuthError) {
    if (error.kind === 'invalid_grant') {
      return { status: 400, code: 'INVALID_GRANT', message: `Google rejected the refresh token (${redactSecrets(error.message)}); it is revoked, expired or mistyped` };
    }
    if (error.kind === 'client_config') {
      return { status: 502, code: 'OAUTH_CLIENT_REJECTED', message: `Google rejected the OAuth client: ${redactSecrets(error.message)}` };
    }
    if (error.kind === 'transient') return { status: 502, code: 'GOOGLE_UNREACHABLE', message: `Could not reach Google: ${redactSecrets(error.message)}` };
    return { status: 400, code: 'OAUTH_ERROR', message: redactSecrets(error.message) };
  }
  return { status: 500, code: 'ADD_FAILED', message: redactSecrets((error as Error).message) };
}
