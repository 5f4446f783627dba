import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthMode } from '../config/index.js';
import { resolveEffectiveAuthMode } from '../config/index.js';

/** Constant-time string comparison (both sides hashed first so lengths do not leak either). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export interface KeySources {
  authorization?: string;
  xApiKey?: string;
  xGoogApiKey?: string;
  queryKey?: string;
}

/**
 * The key a client sent. The first header present wins, in the original app's order — `Authorization`
 * (with or without `Bearer `), then `x-api-key`, then `x-goog-api-key` — so a wrong `Authorization` hides a
 * correct `x-api-key`, as the 401 lesson documents. The Gemini `?key=` query comes last.
 */
export function extractApiKey(sources: KeySources): string | undefined {
  if (sources.authorization !== undefined) {
    return sources.authorization.startsWith('Bearer ') ? sources.authorization.slice(7).trim() : sources.authorization.trim();
  }
  return sources.xApiKey ?? sources.xGoogApiKey ?? sources.queryKey;
}

export type ProxyAuthDecision = 'allow' | 'missing-key' | 'wrong-key' | 'no-key-configured';

/** The auth_mode contract of the original app (reference A.2) for the AI protocol routes. */
export function decideProxyAuth(input: {
  method: string;
  /** The matched route is a health check (`/healthz`, `/health`), which all_except_health leaves open. */
  isHealthRoute: boolean;
  authMode: AuthMode;
  allowLanAccess: boolean;
  apiKey: string;
  sources: KeySources;
}): ProxyAuthDecision {
  if (input.method === 'OPTIONS') return 'allow';
  const mode = resolveEffectiveAuthMode(input.authMode, input.allowLanAccess);
  if (mode === 'off') return 'allow';
  if (mode === 'all_except_health' && input.isHealthRoute) return 'allow';
  if (!input.apiKey) return 'no-key-configured';
  const given = extractApiKey(input.sources);
  if (given === undefined || given === '') return 'missing-key';
  return safeEqual(given, input.apiKey) ? 'allow' : 'wrong-key';
}
