import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../test/support/create-seeded-random.js';
import { commonPrefixLength } from './common-prefix-length.js';
import { maskEmail, redactSecrets, redactSecretsInUtf8, scanStartAfterCleanPrefix } from './redact.js';

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

  it('finds in ASCII bytes exactly what the text pattern finds, among near misses of every kind of secret', () => {
    const random = createSeededRandom(20261207);
    const pieces = [
      'a', 'Z', '0', ' ', '  ', '\t', '"', ':', '=', ',', '}', '&', '.', '-', '_', '/', 'x', 'k',
      'Bearer', 'bearer ', 'BEARER\t', 'access_token', 'refresh_token', 'ID_TOKEN', 'client_secret', 'api_key', 'apiKey', 'APIKEY',
      'password', 'Password', 'ya29.', 'YA29.', '1//', '1/', 'sk-', 'SK-', 'task', 'sim-', 'sim-at-', 'sim-rt-', 'sim-code-', 'at-',
    ];
    for (let round = 0; round < 3000; round += 1) {
      const text = Array.from({ length: 1 + random.int(40) }, () => random.pick(pieces)).join('');
      expect(redactSecretsInUtf8(Buffer.from(text)).toString('latin1'), text).toBe(redactSecrets(text));
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

describe('scanStartAfterCleanPrefix', () => {
  const templates = [
    '{"password": "hunter2-value"}',
    'password\u3000 \t=\u2003"secret-value"',
    '"client_secret"   :   "shh-value"',
    'Authorization: Bearer \u00a0  abc.def-ghi',
    'refresh_token=1//0abcdefghijklmnop',
    'key sk-0123456789abcdef',
    'x sim-code-abcdef',
    'tok ya29.a0AfH6SMBx',
    'API_KEY:xyz',
    `"api_key"${' '.repeat(90)}:${'\u3000'.repeat(30)}"value"`,
    `Bearer${'\t'.repeat(120)}token`,
  ];
  const fillers = ['{"text":"', 'some words ', '日本語 ', ' \u00a0 ', '", "k": ', 'task-sk-1 ', 'Bearer', 'password ', '\n\n'];

  it('gives the same result as a whole scan, for secrets that complete after the shared beginning', () => {
    const random = createSeededRandom(20261205);
    let checked = 0;
    for (let round = 0; round < 3000; round += 1) {
      const filler = () => Array.from({ length: random.int(4) }, () => random.pick(fillers)).join('');
      const template = random.pick(templates);
      const split = random.int(template.length + 1);
      // The earlier text stops part-way into the secret; the new one goes on with the rest of it.
      const before = Buffer.from(`${filler()}${template.slice(0, split)}`);
      const earlier = Buffer.concat([before, Buffer.from(`#${filler()}`)]);
      if (redactSecretsInUtf8(earlier) !== earlier) continue;
      const later = Buffer.concat([before, Buffer.from(`${template.slice(split)}${filler()}`)]);
      const shared = commonPrefixLength(earlier, later);
      const whole = redactSecretsInUtf8(later).toString('latin1');
      const fromStart = redactSecretsInUtf8(later, scanStartAfterCleanPrefix(later, shared)).toString('latin1');
      expect(fromStart).toBe(whole);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('gives a whole scan\'s result when a scan starts right after a word character (`\\b`)', () => {
    const glued = Buffer.from('{"a":"tasksk-0123456789abcdef"}');
    const start = glued.indexOf('sk-');
    expect(redactSecretsInUtf8(glued, start, start)).toBe(glued);
    expect(redactSecretsInUtf8(glued)).toBe(glued);
    const spaced = Buffer.from('{"a":"task sk-0123456789abcdef"}');
    expect(redactSecretsInUtf8(spaced, spaced.indexOf('sk-'), spaced.indexOf('sk-')).toString()).toBe('{"a":"task ***"}');
  });

  it('starts before the run of spaces that ends the shared beginning, and never past it', () => {
    const text = Buffer.from(`${'x'.repeat(200)}password${' '.repeat(100)}=v`);
    const shared = 200 + 'password'.length + 100;
    expect(scanStartAfterCleanPrefix(text, shared)).toBeLessThanOrEqual(200);
    expect(scanStartAfterCleanPrefix(text, 10)).toBe(0);
    expect(scanStartAfterCleanPrefix(text, 10_000)).toBeLessThanOrEqual(text.length);
  });
});
