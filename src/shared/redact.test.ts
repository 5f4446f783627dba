import { describe, expect, it } from 'vitest';
import { maskEmail, redactSecrets, redactSecretsInUtf8 } from './redact.js';

describe('redactSecrets', () => {
  it.each([
    ['access token', 'token ya29.a0AfH6SMBx-abc_123.def', 'token ***'],
    ['refresh token', 'rt=1//0gAbCdEfGhIjKlMn-opq', 'rt=***'],
    ['agt key', 'key sk-0123456789abcdef0123', 'key ***'],
    ['bearer header keeps its prefix', 'Authorization: Bearer abc.def-ghi', 'Authorization: Bearer ***'],
    ['json pair keeps its key', '{"refresh_token": "1//0gsecret-value-here", "email": "a@b.c"}', '{"refresh_token": "***", "email": "a@b.c"}'],
    ['form pair', 'client_id=x&client_secret=shh&grant_type=refresh_token', 'client_id=x&client_secret=***&grant_type=refresh_token'],
    ['simulator tokens', 'sim-rt-AbC123 and sim-at-XyZ789', '*** and ***'],
    ['several in one text', 'ya29.one ya29.two Bearer three', '*** *** Bearer ***'],
    ['nothing secret', 'Token has been expired or revoked.', 'Token has been expired or revoked.'],
  ])('%s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
    expect(redactSecretsInUtf8(Buffer.from(input)).toString('utf8')).toBe(expected);
  });

  it('masks at least as much in UTF-8 bytes as in the decoded text, with multi-byte values and spaces', () => {
    const inputs = [
      '{"password": "pàsswörd — ok", "note": "日本 ya29.tok"}',
      'Authorization: Bearer\u00a0abc.def',
      'password\u3000=\u2003hunter2',
      '{"api_key":"sk-日本語-0123456789"}',
      'caf\u00e9 Bearer\u2028tok \u00a0password: sécret',
    ];
    for (const input of inputs) {
      const text = redactSecrets(input);
      const fromBytes = redactSecretsInUtf8(Buffer.from(input)).toString('utf8');
      expect(fromBytes.length).toBeLessThanOrEqual(text.length);
      for (const secret of ['pàsswörd', 'abc.def', 'hunter2', '0123456789', 'tok', 'sécret']) {
        if (!text.includes(secret)) expect(fromBytes).not.toContain(secret);
      }
    }
  });

  it('gives the same bytes back when there is nothing to mask', () => {
    const bytes = Buffer.from('{"text":"日本語 — nothing here"}');
    expect(redactSecretsInUtf8(bytes)).toBe(bytes);
  });

  it('does not treat short sk- words as keys', () => {
    expect(redactSecrets('task-sk-1 and sk-short')).toBe('task-sk-1 and sk-short');
  });
});

describe('maskEmail', () => {
  it('keeps two characters of the user and the domain', () => {
    expect(maskEmail('alice@example.com')).toBe('al***@ex***');
  });
});
