import { describe, expect, it } from 'vitest';
import { buildNoAvailableAccountError, emptyAttemptFailures, type PoolSnapshotCounts } from './no-available-account-error.js';

const NOW = 1_000_000;

function counts(patch: Partial<PoolSnapshotCounts>): PoolSnapshotCounts {
  return { total: 2, disabled: 0, proxyDisabled: 0, cooling: 0, coolingAfterErrors: [], soonestReadyAt: undefined, quotaProtected: 0, notServingModel: 0, ...patch };
}

describe('buildNoAvailableAccountError', () => {
  it('says "rate-limited" (429) only when every cooling account is cooling for a rate limit', () => {
    const error = buildNoAvailableAccountError(counts({ cooling: 2, soonestReadyAt: NOW + 29_500 }), emptyAttemptFailures(), NOW);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(error.message).toBe('All accounts rate-limited; retry in 30 s');
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('reports accounts cooling after upstream errors as unavailable (503), naming the failure classes', () => {
    const error = buildNoAvailableAccountError(
      counts({ cooling: 2, coolingAfterErrors: ['server', 'empty_stream'], soonestReadyAt: NOW + 4_200 }),
      emptyAttemptFailures(),
      NOW,
    );
    expect(error.code).toBe('NO_ACCOUNTS');
    expect(error.status).toBe(503);
    expect(error.message).toBe('No available accounts: 2 accounts cooling down after upstream errors (server, empty_stream); retry in 5 s');
    expect(error.retryAfterSeconds).toBe(5);
  });

  it('mentions the rate-limited ones too when both kinds are cooling', () => {
    const error = buildNoAvailableAccountError(
      counts({ total: 3, cooling: 3, coolingAfterErrors: ['server'], soonestReadyAt: NOW + 1_000 }),
      emptyAttemptFailures(),
      NOW,
    );
    expect(error.code).toBe('NO_ACCOUNTS');
    expect(error.message).toBe('No available accounts: 1 account cooling down after upstream errors (server), 2 accounts rate-limited; retry in 1 s');
  });

  it('answers 404 naming the model when no usable account serves it', () => {
    const error = buildNoAvailableAccountError(counts({ total: 3, disabled: 1, notServingModel: 2 }), emptyAttemptFailures(), NOW, 'claude-opus-9');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.message).toContain('"claude-opus-9"');
    expect(error.message).toContain('GET /v1/models');
  });

  it('does not answer 404 while some usable account serves the model', () => {
    const error = buildNoAvailableAccountError(counts({ notServingModel: 1, cooling: 1, soonestReadyAt: NOW + 5_000 }), emptyAttemptFailures(), NOW, 'm');
    expect(error.code).toBe('RATE_LIMITED');
  });
});
