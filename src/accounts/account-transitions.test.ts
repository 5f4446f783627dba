import { describe, expect, it } from 'vitest';
import type { AccountFile } from './account-schema.js';
import { applyInvalidGrant, applyProxyDisabled, applyUpsert, buildNewAccount } from './account-transitions.js';
import type { UpsertInput } from './account-transitions.js';

const NOW = 1_760_000_000;

function buildAccount(overrides: Partial<AccountFile> = {}): AccountFile {
  return {
    id: 'acc-1',
    email: 'alice@example.com',
    name: 'Alice',
    token: {
      access_token: 'sim-at-old',
      refresh_token: 'sim-rt-old',
      expires_in: 3599,
      expiry_timestamp: NOW - 10,
      token_type: 'Bearer',
      email: 'alice@example.com',
      project_id: 'proj-old',
      oauth_client_key: 'antigravity_enterprise',
    },
    disabled: false,
    proxy_disabled: false,
    created_at: NOW - 1000,
    last_used: NOW - 100,
    custom_label: 'keep me',
    ...overrides,
  };
}

function buildInput(token: Partial<UpsertInput['token']> = {}, name?: string | null): UpsertInput {
  return {
    email: 'Alice@Example.com',
    name,
    token: { access_token: 'sim-at-new', refresh_token: 'sim-rt-new', expires_in: 3599, expiry_timestamp: NOW + 3599, ...token },
  };
}

const disabledAccount = () =>
  buildAccount({ disabled: true, disabled_at: NOW - 50, disabled_reason: 'invalid_grant: Token has been expired or revoked.' });

describe('applyInvalidGrant', () => {
  it('disables with time and an "invalid_grant: " reason, leaving other fields alone', () => {
    const before = buildAccount();
    const after = applyInvalidGrant(before, 'Token has been expired or revoked.', NOW);
    expect(after).toMatchObject({ disabled: true, disabled_at: NOW, disabled_reason: 'invalid_grant: Token has been expired or revoked.' });
    expect(after.proxy_disabled).toBe(false);
    expect(after.custom_label).toBe('keep me');
    expect(before.disabled).toBe(false);
  });

  it('redacts secrets from the reason', () => {
    const after = applyInvalidGrant(
      buildAccount(),
      'refresh failed for refresh_token=1//0gAbCdEfGhIjKlMn with sim-rt-secret123 and ya29.a0AfH6SMB',
      NOW,
    );
    expect(after.disabled_reason).not.toContain('1//0gAbCdEfGhIjKlMn');
    expect(after.disabled_reason).not.toContain('sim-rt-secret123');
    expect(after.disabled_reason).not.toContain('ya29.a0AfH6SMB');
    expect(after.disabled_reason?.startsWith('invalid_grant: refresh failed')).toBe(true);
  });

  it('cuts the reason to 800 UTF-8 bytes at a character boundary, with "..."', () => {
    const longMultibyte = '帳號已停用🙂'.repeat(200);
    const reason = applyInvalidGrant(buildAccount(), longMultibyte, NOW).disabled_reason ?? '';
    const bytes = Buffer.byteLength(reason, 'utf8');
    expect(bytes).toBeLessThanOrEqual(800);
    expect(bytes).toBeGreaterThan(790);
    expect(reason.endsWith('...')).toBe(true);
    expect(reason).not.toContain('\uFFFD');
    // Every code point survived whole: re-encoding gives the same text.
    expect(Buffer.from(reason, 'utf8').toString('utf8')).toBe(reason);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(reason)).toBe(false);
  });

  it('keeps a short reason whole', () => {
    expect(applyInvalidGrant(buildAccount(), 'bad', NOW).disabled_reason).toBe('invalid_grant: bad');
  });
});

describe('applyUpsert', () => {
  it('clears disabled, disabled_at and disabled_reason when the refresh token differs', () => {
    const { account, reenabled } = applyUpsert(disabledAccount(), buildInput({ access_token: 'sim-at-old' }), NOW);
    expect(reenabled).toBe(true);
    expect(account.disabled).toBe(false);
    expect('disabled_at' in account).toBe(false);
    expect('disabled_reason' in account).toBe(false);
    expect(account.token.refresh_token).toBe('sim-rt-new');
  });

  it('clears disabled when only the access token differs', () => {
    const { account, reenabled } = applyUpsert(disabledAccount(), buildInput({ refresh_token: 'sim-rt-old' }), NOW);
    expect(reenabled).toBe(true);
    expect(account.disabled).toBe(false);
  });

  it('keeps the account disabled when both tokens are the same', () => {
    const { account, reenabled } = applyUpsert(
      disabledAccount(),
      buildInput({ access_token: 'sim-at-old', refresh_token: 'sim-rt-old' }),
      NOW,
    );
    expect(reenabled).toBe(false);
    expect(account).toMatchObject({ disabled: true, disabled_at: NOW - 50 });
    expect(account.disabled_reason).toContain('invalid_grant');
  });

  it('keeps the account disabled when the new refresh token is empty and the access token is the same', () => {
    const { account, reenabled } = applyUpsert(
      disabledAccount(),
      buildInput({ access_token: 'sim-at-old', refresh_token: '' }),
      NOW,
    );
    expect(reenabled).toBe(false);
    expect(account.disabled).toBe(true);
    expect(account.token.refresh_token).toBe('sim-rt-old');
  });

  it('never touches proxy_disabled, even when it re-enables', () => {
    const existing = { ...disabledAccount(), proxy_disabled: true, proxy_disabled_at: NOW - 5, proxy_disabled_reason: 'user' };
    const { account, reenabled } = applyUpsert(existing, buildInput(), NOW);
    expect(reenabled).toBe(true);
    expect(account).toMatchObject({ proxy_disabled: true, proxy_disabled_at: NOW - 5, proxy_disabled_reason: 'user' });
  });

  it('is not "reenabled" for an account that was not disabled', () => {
    const { account, reenabled } = applyUpsert(buildAccount(), buildInput(), NOW);
    expect(reenabled).toBe(false);
    expect(account.disabled).toBe(false);
  });

  it('replaces tokens, keeps the refresh token when the new one is empty, keeps project id and unknown fields', () => {
    const { account } = applyUpsert(buildAccount(), buildInput({ refresh_token: '' }, 'Alice Cooper'), NOW);
    expect(account.token).toMatchObject({
      access_token: 'sim-at-new',
      refresh_token: 'sim-rt-old',
      expiry_timestamp: NOW + 3599,
      project_id: 'proj-old',
      oauth_client_key: 'antigravity_enterprise',
      token_type: 'Bearer',
    });
    expect(account.name).toBe('Alice Cooper');
    expect(account.custom_label).toBe('keep me');
    expect(account).toMatchObject({ id: 'acc-1', email: 'alice@example.com', created_at: NOW - 1000 });
  });

  it('takes a new project id when one is given and keeps the name when none is given', () => {
    const { account } = applyUpsert(buildAccount(), buildInput({ project_id: 'proj-new' }, null), NOW);
    expect(account.token.project_id).toBe('proj-new');
    expect(account.name).toBe('Alice');
  });

  it('does not mutate its input', () => {
    const existing = disabledAccount();
    const snapshot = structuredClone(existing);
    applyUpsert(existing, buildInput(), NOW);
    expect(existing).toEqual(snapshot);
  });
});

describe('applyProxyDisabled', () => {
  it('sets and clears the user switch without touching disabled', () => {
    const off = applyProxyDisabled(disabledAccount(), true, 'maintenance', NOW);
    expect(off).toMatchObject({ proxy_disabled: true, proxy_disabled_at: NOW, proxy_disabled_reason: 'maintenance', disabled: true });
    const on = applyProxyDisabled(off, false, null, NOW + 1);
    expect(on.proxy_disabled).toBe(false);
    expect('proxy_disabled_at' in on).toBe(false);
    expect('proxy_disabled_reason' in on).toBe(false);
    expect(on.disabled).toBe(true);
  });
});

describe('buildNewAccount', () => {
  it('creates an enabled account stamped with the clock', () => {
    const account = buildNewAccount('id-1', buildInput({ project_id: 'p' }, 'A'), NOW);
    expect(account).toMatchObject({ id: 'id-1', email: 'Alice@Example.com', name: 'A', disabled: false, proxy_disabled: false, created_at: NOW, last_used: NOW });
    expect(account.token).toMatchObject({ token_type: 'Bearer', project_id: 'p', refresh_token: 'sim-rt-new' });
  });
});
