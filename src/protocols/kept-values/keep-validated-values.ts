import type { z } from 'zod';
import { deepFreeze } from '../../shared/deep-freeze.js';

export type KeptParse<T> = { success: true; data: T } | { success: false };

/**
 * Zod's result for values that cannot change, kept by identity. `server/parse-json-body.ts` sets the same deep-frozen
 * object into every body that carries the same bytes (a conversation's history, a client's tool list), so the result
 * of validating it is the same every time: it is computed once, frozen too, and handed out again. A value that is not
 * frozen is validated every time, and nothing is kept for it; a failure is never kept.
 */
export class KeptValidation<T> {
  private readonly results = new WeakMap<object, T>();

  constructor(private readonly schema: z.ZodType<T>) {}

  parse(value: unknown): KeptParse<T> {
    const kept = isFrozenObject(value) ? this.results.get(value) : undefined;
    if (kept !== undefined) return { success: true, data: kept };
    const result = this.schema.safeParse(value);
    if (!result.success) return { success: false };
    if (isFrozenObject(value)) this.results.set(value, deepFreeze(result.data));
    return { success: true, data: result.data };
  }
}

/** A member of a request body validated apart from the rest (see `validateWithKeptValues`). */
export type KeptMemberRule =
  /**
   * An array whose elements are each validated by `entries` (a conversation: `messages`, `input`, `contents`); the
   * shell checks that it is an array, with the array's own rules.
   */
  | { member: string; entries: KeptValidation<unknown> }
  /** A value validated as a whole by `value`, absent and null included (the `tools` list); the shell takes anything (`z.unknown().optional()`). */
  | { member: string; value: KeptValidation<unknown> };

/**
 * Validates a request body whose history entries or tool list may be kept values, reusing their kept results: `shell`
 * is the body's schema with those members left to the `rules` (`z.unknown()`, or `z.array(z.unknown())` with the
 * array's own rules such as `min(1)`), and each rule validates its member's kept parts once. The output is the one
 * the whole schema would give: each rule's schema must be the one the whole schema applies to that member or element.
 *
 * Returns undefined, to let the caller validate the body with its whole schema, when no member holds a kept value
 * (there is nothing to reuse) or anything is invalid: the caller's schema then reports the first problem exactly as
 * it always did, in its order.
 */
export function validateWithKeptValues(body: Record<string, unknown>, shell: z.ZodType, rules: readonly KeptMemberRule[]): Record<string, unknown> | undefined {
  if (!rules.some((rule) => holdsKeptValue(body[rule.member], 'entries' in rule))) return undefined;
  const result = shell.safeParse(body);
  if (!result.success) return undefined;
  const output = result.data as Record<string, unknown>;
  for (const rule of rules) {
    const value = body[rule.member];
    if ('entries' in rule) {
      if (!Array.isArray(value)) return undefined;
      const entries: unknown[] = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index++) {
        const entry = rule.entries.parse(value[index]);
        if (!entry.success) return undefined;
        entries[index] = entry.data;
      }
      output[rule.member] = entries;
    } else {
      const parsed = rule.value.parse(value);
      if (!parsed.success) return undefined;
      if (parsed.data === undefined) delete output[rule.member];
      else output[rule.member] = parsed.data;
    }
  }
  return output;
}

function holdsKeptValue(value: unknown, entries: boolean): boolean {
  if (!entries) return isFrozenObject(value);
  return Array.isArray(value) && value.some(isFrozenObject);
}

function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}
