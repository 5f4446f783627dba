import { randomBytes } from 'node:crypto';
import type { UpsertResult } from '../../accounts/index.js';
import { createPkcePair, type GoogleOAuthClient } from '../../google/index.js';

const FLOW_TTL_MS = 15 * 60 * 1000;

interface Flow {
  verifier: string;
  redirectUri: string;
  createdAt: number;
  status: 'pending' | 'done' | 'error';
  accountId?: string;
  error?: string;
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
    this.flows.set(state, { verifier, redirectUri, createdAt: Date.now(), status: 'pending' });
    return { url: this.oauth.buildAuthUrl({ redirectUri, state, codeChallenge: challenge, loginHint }), state };
  }

  status(state: string): { status: Flow['status']; accountId?: string; error?: string } | null {
    const flow = this.flows.get(state);
    return flow ? { status: flow.status, accountId: flow.accountId, error: flow.error } : null;
  }

  /** Exchanges the code of a known, pending `state`; `save` stores the account. */
  async complete(state: string, code: string, save: (tokens: Awaited<ReturnType<GoogleOAuthClient['exchangeCode']>>) => Promise<UpsertResult>): Promise<UpsertResult> {
    const flow = this.flows.get(state);
    if (!flow || flow.status !== 'pending') throw new Error('Unknown or already used sign-in (state mismatch); start the sign-in again from the dashboard');
    try {
      const tokens = await this.oauth.exchangeCode({ code, redirectUri: flow.redirectUri, codeVerifier: flow.verifier });
      const result = await save(tokens);
      flow.status = 'done';
      flow.accountId = result.account.id;
      return result;
    } catch (error) {
      flow.status = 'error';
      flow.error = (error as Error).message;
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
