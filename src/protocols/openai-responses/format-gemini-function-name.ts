import { createHash } from 'node:crypto';

/** Gemini (and Claude behind Code Assist) accept function names of at most 64 characters. */
const MAX_FUNCTION_NAME_LENGTH = 64;
const NAMESPACE_SEPARATOR = '__';

/**
 * The Gemini function name a Responses tool is declared under: its own name, or `<namespace>__<name>` for the
 * tools of a `namespace`. A joined name too long for Gemini is shortened to a prefix plus a hash of the whole, so
 * the same tool always gets the same name and two tools do not collide. Pure: both the tool declarations and the
 * `function_call` items of the conversation history go through here.
 */
export function formatGeminiFunctionName(name: string, namespace?: string | null): string {
  if (namespace === undefined || namespace === null || namespace === '') return name;
  const joined = `${namespace}${NAMESPACE_SEPARATOR}${name}`;
  if (joined.length <= MAX_FUNCTION_NAME_LENGTH) return joined;
  const digest = createHash('sha256').update(joined).digest('hex').slice(0, 8);
  return `${joined.slice(0, MAX_FUNCTION_NAME_LENGTH - digest.length - 1)}_${digest}`;
}
