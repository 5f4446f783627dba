import { createHash, randomBytes } from 'node:crypto';

/**
 * A PKCE pair (RFC 7636): a 43-character base64url verifier from 32 random bytes and its S256 challenge.
 */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: computePkceChallenge(verifier) };
}

export function computePkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
