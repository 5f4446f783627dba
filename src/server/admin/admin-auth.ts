import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { GatewaySettings } from '../../config/index.js';
import { safeEqual } from '../check-api-key.js';

export const SESSION_COOKIE = 'agt_session';
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** The admin secret: the admin password when set, else the API key (as the original app). */
export function adminSecret(settings: GatewaySettings): string {
  return settings.adminPassword || settings.apiKey;
}

function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Dashboard sessions, in memory. A session dies when the admin secret changes. */
const sessions = new Map<string, { expiresAt: number; secretFingerprint: string }>();

export function createSession(settings: GatewaySettings): string {
  const token = randomBytes(32).toString('hex');
  sessions.set(token, { expiresAt: Date.now() + SESSION_TTL_MS, secretFingerprint: fingerprint(adminSecret(settings)) });
  return token;
}

export function destroySession(token: string | undefined): void {
  if (token) sessions.delete(token);
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`;
}

export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

export function readSessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

export interface AdminCredentialCheck {
  ok: boolean;
  /** The request presented the admin secret itself (Bearer / x-api-key), right or wrong: it counts for the login throttle. */
  presentedSecret: boolean;
}

/** A valid session cookie, or the admin secret as Bearer token / x-api-key. */
export function checkAdminCredentials(request: FastifyRequest, settings: GatewaySettings): AdminCredentialCheck {
  const secret = adminSecret(settings);
  const authorization = request.headers.authorization;
  const given = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : (request.headers['x-api-key'] as string | undefined);
  const presentedSecret = given !== undefined && given !== '';
  if (!secret) return { ok: false, presentedSecret };
  const token = readSessionToken(request);
  if (token) {
    const session = sessions.get(token);
    if (session && session.expiresAt > Date.now() && session.secretFingerprint === fingerprint(secret)) return { ok: true, presentedSecret: false };
  }
  return { ok: given !== undefined && given !== '' && safeEqual(given, secret), presentedSecret };
}

/** True for a valid session cookie, or the admin secret as Bearer token / x-api-key. */
export function isAdminAuthenticated(request: FastifyRequest, settings: GatewaySettings): boolean {
  return checkAdminCredentials(request, settings).ok;
}

export function checkPassword(password: unknown, settings: GatewaySettings): boolean {
  const secret = adminSecret(settings);
  return typeof password === 'string' && password !== '' && secret !== '' && safeEqual(password, secret);
}
