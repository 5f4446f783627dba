import { GatewayError } from '../shared/gateway-error.js';

/** Why accounts could not serve one request; turned into the client-facing message below. */
export interface AttemptFailures {
  invalidGrant: number;
  clientConfig: number;
  refreshTransient: number;
  projectFailed: number;
  upstream: number;
}

export function emptyAttemptFailures(): AttemptFailures {
  return { invalidGrant: 0, clientConfig: 0, refreshTransient: 0, projectFailed: 0, upstream: 0 };
}

export interface PoolSnapshotCounts {
  total: number;
  disabled: number;
  proxyDisabled: number;
  /** Accounts that are usable but cooling down for this model (or account-wide). */
  cooling: number;
  /** The failure class of each cooling account whose cooldown is not a rate limit (5xx, empty stream, 403 …). */
  coolingAfterErrors: string[];
  /** Soonest moment (ms) one of the cooling accounts becomes usable again. */
  soonestReadyAt: number | undefined;
  /** Usable accounts quota protection holds back for this model (not cooling). */
  quotaProtected: number;
  /** Soonest quota reset (ms) among them, when their quota says. */
  soonestProtectionResetAt?: number;
  /** `quota_protection.threshold_percentage`, for the message. */
  protectionThreshold?: number;
  /** Usable accounts whose model catalogue has nothing the requested model can use. */
  notServingModel: number;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The client's error when no account serves a model: 404, naming the model and where to look. */
export function buildModelNotServedError(model: string, detail?: string): GatewayError {
  return new GatewayError(
    'NOT_FOUND',
    `The model "${model}" is not served by any account${detail === undefined ? '' : ` (${detail})`}. GET /v1/models lists the models available.`,
  );
}

/** "2 h 5 min", "41 s": how long until a reset, for messages. */
function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/**
 * Builds the error a client sees when no account can serve: 404 when no usable account serves the model, 429 with
 * Retry-After when every usable account is only cooling down or held back by quota protection (saying so, and when
 * the first one is back), 503 otherwise, always naming the cause and never an email.
 */
export function buildNoAvailableAccountError(counts: PoolSnapshotCounts, failures: AttemptFailures, nowMs: number, model?: string): GatewayError {
  const usable = counts.total - counts.disabled - counts.proxyDisabled;
  if (model !== undefined && usable > 0 && counts.notServingModel === usable) return buildModelNotServedError(model);
  const causes: string[] = [];
  const invalidGrant = Math.max(failures.invalidGrant, counts.disabled);
  if (invalidGrant > 0) {
    causes.push(`OAuth refresh failed (invalid_grant) for ${plural(invalidGrant, 'account')}; re-authorize them to restore service`);
  }
  if (failures.clientConfig > 0) {
    causes.push(`the OAuth client was rejected by Google for ${plural(failures.clientConfig, 'account')} (check AGT_GOOGLE_CLIENT_ID / AGT_GOOGLE_CLIENT_SECRET)`);
  }
  if (failures.refreshTransient > 0) causes.push(`token refresh could not reach Google for ${plural(failures.refreshTransient, 'account')}`);
  if (failures.projectFailed > 0) causes.push(`no Cloud Code project could be resolved for ${plural(failures.projectFailed, 'account')}`);
  if (counts.proxyDisabled > 0 && usable <= 0) causes.push(`${plural(counts.proxyDisabled, 'account')} disabled for the proxy by the user`);

  const noFailures = failures.invalidGrant + failures.clientConfig + failures.refreshTransient + failures.projectFailed === 0;
  if (noFailures && counts.quotaProtected > 0 && counts.quotaProtected + counts.cooling + counts.notServingModel === usable) {
    // Every account that serves the model is held back by quota protection (or cooling): a 429 that says so and when
    // the first one resets; the quota refresh after that reset brings it back.
    const threshold = counts.protectionThreshold === undefined ? '' : ` (below ${counts.protectionThreshold} % left)`;
    const resets = [counts.soonestProtectionResetAt, counts.soonestReadyAt].filter((at): at is number => at !== undefined);
    const soonest = resets.length === 0 ? undefined : Math.min(...resets);
    const seconds = soonest === undefined ? undefined : Math.max(1, Math.ceil((soonest - nowMs) / 1000));
    const cooling = counts.cooling > 0 ? `, ${plural(counts.cooling, 'account')} rate-limited` : '';
    const when = seconds === undefined ? '; the reset time is not known yet' : `; the first resets in ${formatWait(seconds)}`;
    return new GatewayError(
      'RATE_LIMITED',
      `Quota protection holds back ${plural(counts.quotaProtected, 'account')}${model === undefined ? '' : ` for ${model}`}${threshold}${cooling}${when}`,
      { retryAfterSeconds: seconds, errorClass: 'quota_protected' },
    );
  }
  const onlyCooling =
    counts.cooling > 0 &&
    counts.soonestReadyAt !== undefined &&
    failures.invalidGrant + failures.clientConfig + failures.refreshTransient + failures.projectFailed === 0;
  if (onlyCooling && counts.coolingAfterErrors.length > 0) {
    const seconds = Math.max(1, Math.ceil(((counts.soonestReadyAt as number) - nowMs) / 1000));
    const classes = [...new Set(counts.coolingAfterErrors)].join(', ');
    const rateLimited = counts.cooling - counts.coolingAfterErrors.length;
    const also = rateLimited > 0 ? `, ${plural(rateLimited, 'account')} rate-limited` : '';
    return new GatewayError(
      'NO_ACCOUNTS',
      `No available accounts: ${plural(counts.coolingAfterErrors.length, 'account')} cooling down after upstream errors (${classes})${also}; retry in ${seconds} s`,
      { retryAfterSeconds: seconds },
    );
  }
  if (onlyCooling) {
    const seconds = Math.max(1, Math.ceil(((counts.soonestReadyAt as number) - nowMs) / 1000));
    return new GatewayError('RATE_LIMITED', `All accounts rate-limited; retry in ${seconds} s`, { retryAfterSeconds: seconds });
  }
  if (counts.total === 0) {
    causes.push('no accounts are configured; add one with `agt accounts add --refresh-token <token>` or `agt login`');
  } else if (causes.length === 0 && counts.quotaProtected > 0) {
    causes.push(`quota protection holds back ${plural(counts.quotaProtected, 'account')} for this model`);
  } else if (causes.length === 0) {
    causes.push('every account failed for this request');
  }
  return new GatewayError('NO_ACCOUNTS', `No available accounts: ${causes.join('; ')}`, {
    retryAfterSeconds: counts.soonestReadyAt === undefined ? undefined : Math.max(1, Math.ceil((counts.soonestReadyAt - nowMs) / 1000)),
  });
}
