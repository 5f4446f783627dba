import { ConfigError, type Environment } from './load-config.js';

/** Limits and lists of the HTTP front door (docs/security.md), read from the environment at start. */
export interface FrontDoorSettings {
  /** Extra Host names or addresses accepted besides the loopback (and the LAN addresses with LAN access). */
  allowedHosts: string[];
  /** Largest request body, bytes. */
  maxBodyBytes: number;
  /** Request-body bytes in flight across all requests, bytes. */
  maxBodyBytesInFlight: number;
  /** Time allowed to receive a whole request body, from the request's start, ms. */
  bodyTimeoutMs: number;
  /** Admin password failures per client address before delays start. */
  loginFreeFailures: number;
  /** First delay after the free failures, doubling with each further failure, ms. */
  loginBaseDelayMs: number;
  /** Longest delay, ms. */
  loginMaxDelayMs: number;
}

const MIB = 1024 * 1024;

/**
 * 32 MiB: the largest request Anthropic's Messages API takes (32 MB), above the 20 MB of inline data a Gemini
 * request may carry, and far above what a long coding-agent conversation with screenshots sends (a few MB).
 */
export const DEFAULT_MAX_BODY_BYTES = 32 * MIB;

export const DEFAULT_FRONT_DOOR_SETTINGS: FrontDoorSettings = {
  allowedHosts: [],
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  maxBodyBytesInFlight: 4 * DEFAULT_MAX_BODY_BYTES,
  bodyTimeoutMs: 60_000,
  loginFreeFailures: 5,
  loginBaseDelayMs: 1_000,
  loginMaxDelayMs: 15 * 60_000,
};

function readPositive(env: Environment, name: string, scale: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name}: expected a positive number (got "${raw}")`);
  return Math.round(value * scale);
}

/**
 * `AGT_ALLOWED_HOSTS` (comma list), `ABV_MAX_BODY_SIZE` (bytes, as the original app), `AGT_MAX_BODY_BYTES_IN_FLIGHT`
 * (bytes; default four maximum-size bodies), `AGT_BODY_TIMEOUT_SECONDS`, `AGT_LOGIN_FREE_FAILURES`,
 * `AGT_LOGIN_BASE_DELAY_MS`, `AGT_LOGIN_MAX_DELAY_SECONDS`.
 */
export function readFrontDoorSettings(env: Environment): FrontDoorSettings {
  const defaults = DEFAULT_FRONT_DOOR_SETTINGS;
  const maxBodyBytes = readPositive(env, 'ABV_MAX_BODY_SIZE', 1, defaults.maxBodyBytes);
  const inFlight = readPositive(env, 'AGT_MAX_BODY_BYTES_IN_FLIGHT', 1, 4 * maxBodyBytes);
  const freeFailures = env.AGT_LOGIN_FREE_FAILURES === undefined ? defaults.loginFreeFailures : Number(env.AGT_LOGIN_FREE_FAILURES);
  if (!Number.isInteger(freeFailures) || freeFailures < 0) {
    throw new ConfigError(`AGT_LOGIN_FREE_FAILURES: expected a whole number (got "${env.AGT_LOGIN_FREE_FAILURES}")`);
  }
  return {
    allowedHosts: (env.AGT_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    maxBodyBytes,
    // At least one body of the largest size must fit.
    maxBodyBytesInFlight: Math.max(inFlight, maxBodyBytes),
    bodyTimeoutMs: readPositive(env, 'AGT_BODY_TIMEOUT_SECONDS', 1000, defaults.bodyTimeoutMs),
    loginFreeFailures: freeFailures,
    loginBaseDelayMs: readPositive(env, 'AGT_LOGIN_BASE_DELAY_MS', 1, defaults.loginBaseDelayMs),
    loginMaxDelayMs: readPositive(env, 'AGT_LOGIN_MAX_DELAY_SECONDS', 1000, defaults.loginMaxDelayMs),
  };
}
