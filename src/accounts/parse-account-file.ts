import { accountFileSchema } from './account-schema.js';
import { matchesAccountSchema } from './matches-account-schema.js';
import type { AccountFile } from './account-schema.js';

export type ParsedAccountFile = { ok: true; account: AccountFile } | { ok: false; reason: string };

/**
 * Removes a leading UTF-8 BOM and leading NUL bytes, which editors and interrupted writers leave behind
 * (the original app strips both before parsing its index).
 */
export function stripBomAndNul(text: string): string {
  let start = 0;
  while (start < text.length && (text[start] === '\uFEFF' || text[start] === '\u0000')) start += 1;
  return start === 0 ? text : text.slice(start);
}

/**
 * Parses the bytes of `accounts/<id>.json`. Returns the object exactly as stored (key order and unknown fields
 * kept, only the `token.token_type` default filled in) or a reason that is safe to log: it never quotes file
 * content, because the content holds tokens.
 */
export function parseAccountFile(content: string | Buffer, expectedId: string | null): ParsedAccountFile {
  const raw = typeof content === 'string' ? content : content.toString('utf8');
  const text = stripBomAndNul(raw);
  const stripped = text.length !== raw.length ? ' (after removing a leading BOM/NUL bytes)' : '';
  if (text.trim() === '') return { ok: false, reason: `empty file${stripped}` };

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${describeJsonError(error)}${stripped}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }

  const problem = describeAccountSchemaProblem(value);
  if (problem !== null) return { ok: false, reason: problem };

  const account = value as AccountFile;
  fillTokenDefaults(account);
  if (expectedId !== null && account.id !== expectedId) {
    return { ok: false, reason: `id "${account.id}" inside does not match the file name (expected "${expectedId}")` };
  }
  return { ok: true, account };
}

/** The original's strict parser requires `token.token_type`; the schema defaults it, so the stored object must too. */
export function fillTokenDefaults(account: AccountFile): void {
  if (typeof account.token.token_type !== 'string') account.token.token_type = 'Bearer';
}

/** Null when `value` is a valid account; otherwise which fields are missing or wrong (names only, never values). */
export function describeAccountSchemaProblem(value: unknown): string | null {
  if (matchesAccountSchema(value)) return null;
  const validation = accountFileSchema.safeParse(value);
  if (validation.success) return null;
  const fields = validation.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const expected = (issue as { expected?: unknown }).expected;
    return `${path} (${issue.code === 'invalid_type' ? `expected ${String(expected)}` : issue.code})`;
  });
  return `missing or invalid fields: ${fields.join(', ')}`;
}

function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/end of JSON input|Unterminated string/i.test(message)) return 'truncated JSON (unexpected end of input)';
  const position = /position (\d+)/.exec(message);
  return position ? `invalid JSON near character ${position[1]}` : 'invalid JSON';
}
