import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from '../google/index.js';
import { computeFailureAction } from './compute-failure-action.js';

const fresh = { graceUsed: false, refreshedAccount: false };

function failure(overrides: Partial<UpstreamFailure>): UpstreamFailure {
  return { class: 'server', status: 500, message: 'x', ...overrides };
}

describe('computeFailureAction', () => {
  it('a refused client version is a configuration fault, never a cooldown or rotation', () => {
    expect(computeFailureAction(failure({ class: 'client_outdated', status: 503 }), fresh)).toEqual({ type: 'client-outdated' });
    expect(computeFailureAction(failure({ class: 'client_outdated', status: 404 }), { ...fresh, bareRateLimits: 1 })).toEqual({ type: 'client-outdated' });
  });

  it('a first bare 429 tries one other account without cooling; a second goes back to the client', () => {
    const bare = failure({ class: 'bare_rate_limit', status: 429 });
    expect(computeFailureAction(bare, fresh)).toEqual({ type: 'rotate', cooldownMs: 0, modelScoped: false });
    expect(computeFailureAction(bare, { ...fresh, bareRateLimits: 1 })).toEqual({ type: 'bare-rate-limit' });
  });

  it('a 429 that says what ran out still cools until the reset Google gave', () => {
    expect(computeFailureAction(failure({ class: 'rate_limit', status: 429, retryAfterMs: 41_000 }), fresh)).toEqual({
      type: 'rotate',
      cooldownMs: 41_000,
      modelScoped: false,
    });
  });
});
