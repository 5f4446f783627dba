import { describe, expect, it } from 'vitest';
import { accountFileSchema, tokenDataSchema } from './account-schema.js';
import { matchesAccountSchema } from './matches-account-schema.js';

/** Every kind of value a JSON file (or a careless mutation) can put in a field, and a few it cannot. */
const VALUES: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['empty string', ''],
  ['string', 'x'],
  ['astral string', '\u{1F600}'],
  ['zero', 0],
  ['negative zero', -0],
  ['integer', 42],
  ['fraction', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['true', true],
  ['false', false],
  ['empty array', []],
  ['array of strings', ['a', 'b']],
  ['array of numbers', [1]],
  ['array with null', ['a', null]],
  // eslint-disable-next-line no-sparse-arrays
  ['sparse array', ['a', , 'b']],
  ['empty object', {}],
  ['object', { a: 1, models: [] }],
  ['object without prototype', Object.create(null) as object],
  ['date', new Date(0)],
  ['bigint', 1n],
];

function buildFullAccount(): Record<string, unknown> {
  return {
    id: 'acc-1',
    email: 'a@example.com',
    name: 'A',
    token: {
      access_token: 'at',
      refresh_token: 'rt',
      expires_in: 3599,
      expiry_timestamp: 1_760_003_599,
      token_type: 'Bearer',
      email: 'a@example.com',
      project_id: 'p',
      oauth_client_key: 'kept',
    },
    disabled: false,
    disabled_at: 1,
    disabled_reason: 'r',
    proxy_disabled: false,
    proxy_disabled_at: 2,
    proxy_disabled_reason: 'r',
    protected_models: ['m'],
    quota: { models: [] },
    created_at: 3,
    last_used: 4,
    custom_label: 'unknown fields are kept',
  };
}

function buildMinimalAccount(): Record<string, unknown> {
  return { id: 'acc-1', email: 'a@example.com', token: { access_token: '', refresh_token: 'rt', expires_in: 0, expiry_timestamp: 0 } };
}

function expectAgreement(value: unknown, label: string): void {
  // The check first: it must judge the value as stored, before anything could fill in a default.
  const fast = matchesAccountSchema(value);
  expect(fast, label).toBe(accountFileSchema.safeParse(value).success);
}

const TOP_FIELDS = Object.keys(accountFileSchema.shape);
const TOKEN_FIELDS = Object.keys(tokenDataSchema.shape);

describe('matchesAccountSchema', () => {
  it('agrees with the schema on whole values that are not accounts', () => {
    for (const [label, value] of VALUES) expectAgreement(value, label);
  });

  for (const [name, build] of [['every field present', buildFullAccount], ['only the required fields', buildMinimalAccount]] as const) {
    it(`agrees with the schema for each top-level field set to each kind of value or deleted (${name})`, () => {
      expectAgreement(build(), 'as built');
      expect(matchesAccountSchema(build())).toBe(true);
      for (const field of [...TOP_FIELDS, 'custom_label']) {
        const without = build();
        delete without[field];
        expectAgreement(without, `${field} deleted`);
        for (const [label, value] of VALUES) expectAgreement({ ...build(), [field]: value }, `${field} = ${label}`);
      }
    });

    it(`agrees with the schema for each token field set to each kind of value or deleted (${name})`, () => {
      for (const field of [...TOKEN_FIELDS, 'oauth_client_key']) {
        const without = build();
        const token = { ...(without.token as Record<string, unknown>) };
        delete token[field];
        expectAgreement({ ...without, token }, `token.${field} deleted`);
        for (const [label, value] of VALUES) {
          const account = build();
          expectAgreement({ ...account, token: { ...(account.token as Record<string, unknown>), [field]: value } }, `token.${field} = ${label}`);
        }
      }
    });
  }

  it('agrees with the schema for every pair of broken fields in a sample', () => {
    const broken: Array<[string, unknown]> = [['id', ''], ['email', null], ['token', []], ['disabled', 'yes'], ['quota', 7], ['created_at', Number.NaN]];
    for (const [first, firstValue] of broken) {
      for (const [second, secondValue] of broken) expectAgreement({ ...buildFullAccount(), [first]: firstValue, [second]: secondValue }, `${first} and ${second}`);
    }
  });
});
