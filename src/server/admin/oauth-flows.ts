import { randomBytes } from 'node:crypto';
import type { UpsertResult } from '../../accounts/index.js';
import { createPkcePair, type GoogleOAuthClient } from '../../google/index.js';

const FLOW_TTL_MS = 15 * 60 * 1000;

interface Flow {
  verifier: string;
  redirectUri: string;
  createdAt: number;
  /** Re-authorize: the account the user meant to sign in as (sent to Google as `login_hint`). */
  expectedEmail?: string;
  status: 'pending' | 'done' | 'error';
  accountId?: string;
  error?: string;
  code?: string;
}

/**
 * A re-authorization that ended signed in as another Google account. That account is saved (the user did sign in to
 * it), but the one being re-authorized is still disabled, so the flow reports an error, never success.
 */
export class WrongAccountError extends Error {
  readonly code = 'WRONG_ACCOUNT';

  constructor(
    readonly expectedEmail: string,
    readonly result: UpsertResult,
  ) {
    const actual = result.account.email;
    super(
      `You signed in as ${actual}, not ${expectedEmail}: ${expectedEmail} is still disabled. ` +
        `${actual} was ${result.created ? 'added as a new account' : 'updated'}. Sign in again and pick ${expectedEmail} in Google's account chooser.`,
    );
    this.name = 'WrongAccountError';
  }
}

/**
 * Browser sign-ins started from the dashboard. Each has its own `state` (checked on the callback — the
 * original app ignores it) and PKCE verifier; Google redirects to `/auth/callback` on the gateway itself.
 */
export class OAuthFlows {
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly oauth: GoogleOAuthClient) {}

  start(redirectUri: string, loginHint?: string): { url: string; state: string } {
    this.prune();
    const state = randomBytes(24).toString('base64url');
    const { verifier, challenge } = createPkcePair();
    const expectedEmail = loginHint?.trim() || undefined;
    this.flows.set(state, { verifier, redirectUri, createdAt: Date.now(), status: 'pending', expectedEmail });
    return { url: this.oauth.buildAuthUrl({ redirectUri, state, codeChallenge: challenge, loginHint }), state };
  }

  status(state: string): { status: Flow['status']; accountId?: string; error?: string; code?: string } | null {
    const flow = this.flows.get(state);
    return flow ? { status: flow.status, accountId: flow.accountId, error: flow.error, code: flow.code } : null;
  }

  /**
   * Exchanges the code of a known, pending `state`; `save` stores the account. A re-authorization that signed in
   * as someone else throws `WrongAccountError` after saving.
   */
  async complete(state: string, code: string, save: (tokens: Awaited<ReturnType<GoogleOAuthClient['exchangeCode']>>) => Promise<UpsertResult>): Promise<UpsertResult> {
    const flow = this.flows.get(state);
    if (!flow || flow.status !== 'pending') throw new Error('Unknown or already used sign-in (state mismatch); start the sign-in again from the dashboard');
    try {
      const tokens = await this.oauth.exchangeCode({ code, redirectUri: flow.redirectUri, codeVerifier: flow.verifier });
      const result = await save(tokens);
      flow.accountId = result.account.id;
      if (flow.expectedEmail !== undefined && result.account.email.toLowerCase() !== flow.expectedEmail.toLowerCase()) {
        throw new WrongAccountError(flow.expectedEmail, result);
      }
      flow.status = 'done';
      return result;
    } catch (error) {
      flow.status = 'error';
      flow.error = (error as Error).message;
      if (error instanceof WrongAccountError) flow.code = error.code;
      throw error;
    }
  }

  fail(state: string, message: string): void {
    const flow = this.flows.get(state);
    if (flow && flow.status === 'pending') {
      flow.status = 'error';
      flow.error = message;
    }
  }

  private prune(): void {
    const now = Date.now();
    for (const [state, flow] of this.flows) if (now - flow.createdAt > FLOW_TTL_MS) this.flows.delete(state);
  }
}
