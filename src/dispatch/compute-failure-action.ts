import type { UpstreamFailure } from '../google/index.js';

/** Defaults of the rotation policy, in one place. */
export const ROTATION_DEFAULTS = {
  maxAttempts: 4,
  /** A 429 whose reset is at most this far away is waited out on the same account, once per request. */
  graceRetryMaxMs: 2_000,
  rateLimitFallbackMs: 5_000,
  capacityFallbackMs: 5_000,
  serverCooldownMs: 5_000,
  networkCooldownMs: 5_000,
  emptyStreamCooldownMs: 3_000,
  validationCooldownMs: 10 * 60_000,
  projectCooldownMs: 60_000,
  forbiddenCooldownMs: 5 * 60_000,
  /** A model the backend answered 404 for on one account: that model is skipped there until its catalogue says otherwise. */
  modelNotFoundCooldownMs: 10 * 60_000,
  firstChunkTimeoutMs: 120_000,
} as const;

export type FailureAction =
  /** Rotate to another account after cooling this one (for the whole account, or only `model`). */
  | { type: 'rotate'; cooldownMs: number; modelScoped: boolean }
  /** Wait `delayMs` and retry the same account (tiny 429 resets). */
  | { type: 'grace-retry'; delayMs: number }
  /** Refresh the token once and retry the same account (upstream 401). */
  | { type: 'refresh-and-retry' }
  /** Resolve the project again, cool briefly, rotate (project-shaped 403). */
  | { type: 'reset-project'; cooldownMs: number }
  /** Not the account's fault: answer the client now. */
  | { type: 'fail'; status: number }
  /** Google refused agt's client version: a configuration fault; nothing is cooled, the client is told the setting. */
  | { type: 'client-outdated' }
  /** A second bare 429 in one request: most likely the request's content; returned to the client, nothing cooled. */
  | { type: 'bare-rate-limit' };

/**
 * The pure decision for one failed upstream attempt: what to do with the account and the request.
 * Cooldowns use exactly the reset time the upstream gave; there is no artificial cap.
 */
export function computeFailureAction(
  failure: UpstreamFailure,
  state: { graceUsed: boolean; refreshedAccount: boolean; /** Bare 429s this request already got. */ bareRateLimits?: number },
): FailureAction {
  switch (failure.class) {
    case 'client_outdated':
      return { type: 'client-outdated' };
    case 'bare_rate_limit':
      // The prompt, not the account, is the usual cause (classify-upstream-failure.ts): one other account gets a try
      // without cooling the first; a second bare 429 goes back to the client. Nothing is cooled, so the pool is not
      // emptied by one flagged prompt.
      return (state.bareRateLimits ?? 0) >= 1 ? { type: 'bare-rate-limit' } : { type: 'rotate', cooldownMs: 0, modelScoped: false };
    case 'rate_limit':
    case 'capacity': {
      const delay = failure.retryAfterMs;
      if (delay !== undefined && delay <= ROTATION_DEFAULTS.graceRetryMaxMs && !state.graceUsed) {
        return { type: 'grace-retry', delayMs: delay + 100 };
      }
      const fallback = failure.class === 'capacity' ? ROTATION_DEFAULTS.capacityFallbackMs : ROTATION_DEFAULTS.rateLimitFallbackMs;
      return { type: 'rotate', cooldownMs: delay ?? fallback, modelScoped: failure.class === 'capacity' || failure.model !== undefined };
    }
    case 'quota_exhausted':
      return { type: 'rotate', cooldownMs: failure.retryAfterMs ?? 60 * 60_000, modelScoped: true };
    case 'unauthorized':
      return state.refreshedAccount ? { type: 'rotate', cooldownMs: ROTATION_DEFAULTS.serverCooldownMs, modelScoped: false } : { type: 'refresh-and-retry' };
    case 'validation_required':
      return { type: 'rotate', cooldownMs: ROTATION_DEFAULTS.validationCooldownMs, modelScoped: false };
    case 'project_problem':
      return { type: 'reset-project', cooldownMs: ROTATION_DEFAULTS.projectCooldownMs };
    case 'forbidden':
      return { type: 'rotate', cooldownMs: ROTATION_DEFAULTS.forbiddenCooldownMs, modelScoped: false };
    case 'server':
      return { type: 'rotate', cooldownMs: failure.retryAfterMs ?? ROTATION_DEFAULTS.serverCooldownMs, modelScoped: false };
    case 'not_found':
      // "Requested entity was not found." for the model on this account: another account may serve it.
      return { type: 'rotate', cooldownMs: ROTATION_DEFAULTS.modelNotFoundCooldownMs, modelScoped: true };
    case 'bad_request':
      return { type: 'fail', status: 400 };
    default: {
      const unreachable: never = failure.class;
      return unreachable;
    }
  }
}
