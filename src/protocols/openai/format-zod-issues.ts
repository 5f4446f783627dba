import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
export type IssuePath = readonly PropertyKey[];

/**
 * One client-facing sentence for the first problem zod found, naming the field the way the OpenAI parsers (Chat
 * Completions and Responses) do, e.g. `input[2].call_id: must be a non-empty string (and 1 more problem)`.
 * `prefix` is the path of the value that was validated (a Responses input item is validated on its own, so its
 * issues start below `input[2]`). Anthropic and Gemini word their errors their own way and do not use this.
 */
export function formatZodIssues(issues: readonly Issue[], prefix: IssuePath = []): string {
  const [first, ...rest] = issues;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return `${formatIssue(first, prefix)}${more}`;
}

/** `input[2].content[0]` from `['input', 2, 'content', 0]`; the whole body when empty. */
export function formatIssuePath(path: IssuePath): string {
  if (path.length === 0) return 'request body';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function formatIssue(issue: Issue, parentPath: IssuePath): string {
  const path = [...parentPath, ...issue.path];
  // A union reports one error list per branch; the branch that got deepest is the one the client meant.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const deepest = selectDeepestIssue(issue.errors);
    if (deepest !== undefined && deepest.path.length > 0) return formatIssue(deepest, path);
  }
  return `${formatIssuePath(path)}: ${describeIssue(issue)}`;
}

function selectDeepestIssue(branches: readonly (readonly Issue[])[]): Issue | undefined {
  let deepest: Issue | undefined;
  for (const branch of branches) {
    for (const issue of branch) {
      if (deepest === undefined || issue.path.length > deepest.path.length) deepest = issue;
    }
  }
  return deepest;
}

function describeIssue(issue: Issue): string {
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === 'undefined') return 'is required';
    // Schemas with a custom message describe the whole accepted shape better than the bare type does.
    if (issue.expected !== 'object' && !issue.message.startsWith('Invalid input')) return issue.message;
    const expected = issue.expected === 'int' ? 'an integer' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    return `must be ${expected}${received === undefined ? '' : ` (received ${received})`}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
  }
  return issue.message;
}
