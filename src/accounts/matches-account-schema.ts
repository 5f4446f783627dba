/**
 * The account file schema (`account-schema.ts`) written out by hand: true exactly when `accountFileSchema.safeParse`
 * succeeds. A gateway starting on 10,000 account files spends most of its validation time in the schema library's
 * first (cold) runs; this check is plain property tests. It only ever short-cuts the valid case: anything it rejects
 * is parsed by the schema again, which names the fields. `matches-account-schema.test.ts` proves both agree, field by
 * field and value by value, for every field of the schema (a field added there and not here fails that test).
 */
export function matchesAccountSchema(value: unknown): boolean {
  if (!isObject(value)) return false;
  const account = value as Record<string, unknown>;
  const token = account.token;
  return (
    isNonEmptyString(account.id) &&
    isNonEmptyString(account.email) &&
    isNullishOr(account.name, isString) &&
    isObject(token) &&
    matchesTokenSchema(token as Record<string, unknown>) &&
    isOptional(account.disabled, isBoolean) &&
    isNullishOr(account.disabled_at, isNumber) &&
    isNullishOr(account.disabled_reason, isString) &&
    isOptional(account.proxy_disabled, isBoolean) &&
    isNullishOr(account.proxy_disabled_at, isNumber) &&
    isNullishOr(account.proxy_disabled_reason, isString) &&
    isOptional(account.protected_models, isStringArray) &&
    isNullishOr(account.quota, isObject) &&
    isOptional(account.created_at, isNumber) &&
    isOptional(account.last_used, isNumber)
  );
}

function matchesTokenSchema(token: Record<string, unknown>): boolean {
  return (
    isString(token.access_token) &&
    isNonEmptyString(token.refresh_token) &&
    isNumber(token.expires_in) &&
    isNumber(token.expiry_timestamp) &&
    // `.default('Bearer')`: absent is filled in, null is not.
    isOptional(token.token_type, isString) &&
    isNullishOr(token.email, isString) &&
    isNullishOr(token.project_id, isString)
  );
}

/** What the schema library calls an object: arrays and null are not. */
function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

/** `.min(1)`: one code point at least, which any non-empty string has. */
function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** The schema's numbers are finite: NaN and ±Infinity are refused. */
function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

/** Every index, holes included (a hole reads as undefined, which is not a string). */
function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index++) if (typeof value[index] !== 'string') return false;
  return true;
}

function isOptional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isNullishOr(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}
