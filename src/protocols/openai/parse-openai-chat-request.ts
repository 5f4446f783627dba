import type { z } from 'zod';
import { GatewayError } from '../../shared/gateway-error.js';
import { openAIChatRequestSchema, type OpenAIChatRequest } from './openai-chat-api.js';

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

/**
 * Validates an untrusted `/v1/chat/completions` body. Anything that is not a well-formed request (wrong types at
 * any depth, null, numbers for messages…) becomes `GatewayError('INVALID_REQUEST')` whose message names the
 * offending field, e.g. `messages[2].content: must be a string or an array of content parts`.
 */
export function parseOpenAIChatRequest(body: unknown): OpenAIChatRequest {
  const result = openAIChatRequestSchema.safeParse(body);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  throw new GatewayError('INVALID_REQUEST', `${formatIssue(first, [])}${more}`);
}

function formatIssue(issue: Issue, parentPath: readonly PathSegment[]): string {
  const path = [...parentPath, ...issue.path];
  // A union reports one error list per branch; the branch that got deepest is the one the client meant.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const deepest = selectDeepestIssue(issue.errors);
    if (deepest !== undefined && deepest.path.length > 0) return formatIssue(deepest, path);
  }
  return `${formatPath(path)}: ${describeIssue(issue)}`;
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
    const expected = issue.expected === 'int' ? 'an integer' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    // Schemas with a custom message describe the whole accepted shape better than the bare type does.
    if (issue.expected !== 'object' && !issue.message.startsWith('Invalid input')) return issue.message;
    return `must be ${expected}${received === undefined ? '' : ` (received ${received})`}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
  }
  return issue.message;
}

function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'request body';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
