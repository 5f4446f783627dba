import { redactSecrets } from '../../shared/redact.js';
import { truncateReason } from '../../shared/truncate-reason.js';

/**
 * How a token-endpoint failure should be handled (lessons-and-protocols.md B.1, "Recommended disable policy"):
 * - `invalid_grant`: the refresh token is dead (revoked, expired, rotated out); only new credentials help → disable.
 * - `client_config`: agt's OAuth client is wrong (`invalid_client`, `unauthorized_client`, `deleted_client`); every
 *   account would fail the same way, so never disable accounts for it.
 * - `bad_request`: a malformed request or any other 4xx.
 * - `transient`: network errors, timeouts, 5xx and 429; skip the account for now and keep it enabled.
 */
export type OAuthFailureKind = 'invalid_grant' | 'client_config' | 'bad_request' | 'transient';

export interface OAuthErrorOptions {
  status?: number;
  oauthError?: string;
  description?: string;
  cause?: unknown;
}

/** A failed OAuth exchange. The message is `code: description`; it never contains a token. */
export class OAuthError extends Error {
  readonly kind: OAuthFailureKind;
  readonly status?: number;
  readonly oauthError?: string;
  readonly description?: string;

  constructor(kind: OAuthFailureKind, message: string, options: OAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuthError';
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.oauthError !== undefined) this.oauthError = options.oauthError;
    if (options.description !== undefined) this.description = options.description;
  }
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}

const CLIENT_CONFIG_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'deleted_client']);

/**
 * Turns a non-2xx token-endpoint answer into an OAuthError. `invalid_grant` is decided only by the JSON body's
 * `error` field, never by a substring: a description that merely mentions it does not disable an account.
 */
export function mapOAuthErrorResponse(status: number, bodyText: string): OAuthError {
  const body = parseJsonObject(bodyText);
  const errorField = body?.error;
  if (typeof errorField === 'string' && errorField !== '') {
    const description = typeof body?.error_description === 'string' ? cleanText(body.error_description) : undefined;
    const message = description ? `${errorField}: ${description}` : errorField;
    const options = { status, oauthError: errorField, description };
    if (status >= 500 || status === 429) return new OAuthError('transient', message, options);
    if (errorField === 'invalid_grant') return new OAuthError('invalid_grant', message, options);
    if (CLIENT_CONFIG_ERRORS.has(errorField)) return new OAuthError('client_config', message, options);
    return new OAuthError('bad_request', message, options);
  }
  // Google API-style error object: {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}.
  const apiMessage =
    errorField !== null && typeof errorField === 'object' && typeof (errorField as { message?: unknown }).message === 'string'
      ? cleanText((errorField as { message: string }).message)
      : undefined;
  const detail = apiMessage ? `: ${apiMessage}` : '';
  if (status >= 500 || status === 429 || status === 408) {
    return new OAuthError('transient', `token endpoint returned HTTP ${status}${detail}`, { status, description: apiMessage });
  }
  return new OAuthError('bad_request', `token endpoint returned HTTP ${status}${detail}`, { status, description: apiMessage });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function cleanText(text: string): string {
  return truncateReason(redactSecrets(text.trim()), 300);
}
