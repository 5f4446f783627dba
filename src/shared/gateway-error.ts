/**
 * The one error base of agt. Every failure that crosses a module boundary is a GatewayError with a stable
 * `code` (see ERROR_CODES) and the HTTP status a client should see; protocol routes format it into each
 * client's native error body at the edge.
 */
export const ERROR_CODES = {
  INVALID_REQUEST: 400,
  AUTHENTICATION: 401,
  PERMISSION: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPSTREAM_ERROR: 502,
  NO_ACCOUNTS: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface GatewayErrorOptions {
  status?: number;
  retryAfterSeconds?: number;
  /** A short class for the request log and metrics, e.g. `bare_rate_limit`, `client_outdated`. */
  errorClass?: string;
  /** The same request cannot succeed by retrying: clients are told not to retry (`x-should-retry: false`). */
  noRetry?: boolean;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  readonly errorClass: string | undefined;
  readonly noRetry: boolean;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.errorClass = options.errorClass;
    this.noRetry = options.noRetry === true;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** Normalises anything thrown into an Error. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
