import { describe, expect, it } from 'vitest';
import type { AccountFile } from './account-schema.js';
import { applyQuotaSnapshot } from './apply-quota-snapshot.js';

function account(quota?: Record<string, unknown>, extra: Partial<AccountFile> = {}): AccountFile {
  return {
    id: 'a1',
    email: 'a@example.com',
    token: { access_token: 'at', refresh_token: 'rt', expires_in: 3599, expiry_timestamp: 1, token_type: 'Bearer' },
    ...(quota === undefined ? {} : { quota }),
    ...extra,
  };
}

describe('applyQuotaSnapshot', () => {
  it('writes the desktop app shape and keeps the fields it does not own', () => {
    const before = account(
      { models: [{ name: 'claude-sonnet-4-6', percentage: 80, reset_time: 'R1', display_name: 'Claude Sonnet 4.6' }], last_updated: 1, pinned: true },
      { custom_label: 'work' } as Partial<AccountFile>,
    );
    const after = applyQuotaSnapshot(
      before,
      {
        models: [
          { name: 'claude-sonnet-4-6', percentage: 40, reset_time: 'R2' },
          { name: 'gemini-3-flash', percentage: 100, reset_time: 'R3' },
        ],
        subscriptionTier: 'free-tier',
        forbidden: null,
        protectedModels: [],
      },
      1_000,
    );
    expect(after?.quota).toEqual({
      models: [
        { name: 'claude-sonnet-4-6', percentage: 40, reset_time: 'R2', display_name: 'Claude Sonnet 4.6' },
        { name: 'gemini-3-flash', percentage: 100, reset_time: 'R3' },
      ],
      last_updated: 1_000,
      pinned: true,
      subscription_tier: 'free-tier',
    });
    expect((after as Record<string, unknown>).custom_label).toBe('work');
    expect(after?.protected_models).toBeUndefined();
  });

  it('returns undefined when nothing changed, even when a full model reports a later rolling reset', () => {
    const before = account({
      models: [
        { name: 'gemini-3-flash', percentage: 100, reset_time: '2030-01-01T05:00:00Z' },
        { name: 'claude-sonnet-4-6', percentage: 20, reset_time: '2030-01-01T03:00:00Z' },
      ],
      last_updated: 5,
    });
    const snapshot = {
      models: [
        { name: 'gemini-3-flash', percentage: 100, reset_time: '2030-01-01T05:07:00Z' },
        { name: 'claude-sonnet-4-6', percentage: 20, reset_time: '2030-01-01T03:00:00Z' },
      ],
      forbidden: null,
      protectedModels: [],
    };
    expect(applyQuotaSnapshot(before, snapshot, 99)).toBeUndefined();
    // A real change: the partly used model's reset moves.
    const moved = applyQuotaSnapshot(before, { ...snapshot, models: [snapshot.models[0], { ...snapshot.models[1], reset_time: '2030-01-02T03:00:00Z' }] }, 99);
    expect(moved?.quota).toMatchObject({ last_updated: 99, models: [{ reset_time: '2030-01-01T05:00:00Z' }, { reset_time: '2030-01-02T03:00:00Z' }] });
  });

  it('records a 403 on the quota call with its reason (secrets redacted), keeps the models, and clears it on the next success', () => {
    const before = account({ models: [{ name: 'gemini-3-flash', percentage: 70, reset_time: 'R' }], last_updated: 1 });
    const forbidden = applyQuotaSnapshot(before, { forbidden: { reason: 'The caller does not have permission (token ya29.secretsecretsecret)' } }, 2);
    expect(forbidden?.quota).toMatchObject({ is_forbidden: true, models: [{ name: 'gemini-3-flash', percentage: 70 }], last_updated: 2 });
    expect(String(forbidden?.quota?.forbidden_reason)).not.toContain('ya29.secret');
    expect(applyQuotaSnapshot(forbidden as AccountFile, { forbidden: { reason: 'The caller does not have permission (token ya29.secretsecretsecret)' } }, 3)).toBeUndefined();
    const cleared = applyQuotaSnapshot(forbidden as AccountFile, { forbidden: null }, 4);
    expect(cleared?.quota).toMatchObject({ is_forbidden: false });
    expect(cleared?.quota).not.toHaveProperty('forbidden_reason');
    // An account that never had a 403 does not gain `is_forbidden: false`.
    expect(applyQuotaSnapshot(before, { forbidden: null }, 5)).toBeUndefined();
  });

  it('sets and removes the top-level protected_models, and stores the summary groups and forwarding rules', () => {
    const before = account(undefined);
    const after = applyQuotaSnapshot(
      before,
      {
        protectedModels: ['claude'],
        forwardingRules: { 'gemini-3.1-pro-high': 'gemini-pro-agent' },
        groups: [{ display_name: 'Gemini Models', buckets: [{ bucket_id: 'gemini-5h', window: '5h', remaining_fraction: 0.5, reset_time: 'R' }] }],
      },
      7,
    ) as AccountFile;
    expect(after.protected_models).toEqual(['claude']);
    expect(after.quota).toMatchObject({ model_forwarding_rules: { 'gemini-3.1-pro-high': 'gemini-pro-agent' }, quota_groups: [{ display_name: 'Gemini Models' }] });
    const unprotected = applyQuotaSnapshot(after, { protectedModels: [] }, 8) as AccountFile;
    expect(unprotected).not.toHaveProperty('protected_models');
    expect(before).not.toHaveProperty('quota');
  });
});
