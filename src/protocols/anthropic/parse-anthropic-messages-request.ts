import type { z } from 'zod';
import { GatewayError } from '../../shared/gateway-error.js';
import { KeptValidation, validateWithKeptValues, type KeptMemberRule } from '../kept-values/keep-validated-values.js';
import {
  anthropicCountTokensRequestSchema,
  anthropicKeptValueSchemas,
  anthropicMessagesRequestSchema,
  isAnthropicWebSearchTool,
  type AnthropicMessagesRequest,
} from './anthropic-messages-api.js';
import { isAnthropicClientToolType } from './classify-anthropic-tool.js';

/**
 * Validates an untrusted `/v1/messages` body. Throws `GatewayError('INVALID_REQUEST')` whose message names the
 * first bad field the way Anthropic does (`messages.0.content.1.type: …`); never a TypeError, whatever the input.
 */
export function parseAnthropicMessagesRequest(body: unknown): AnthropicMessagesRequest {
  return parseWith(anthropicMessagesRequestSchema, anthropicKeptValueSchemas.messagesShell, body);
}

/** Validates an untrusted `/v1/messages/count_tokens` body: the Messages body without the `max_tokens` rule. */
export function parseAnthropicCountTokensRequest(body: unknown): AnthropicMessagesRequest {
  return parseWith(anthropicCountTokensRequestSchema, anthropicKeptValueSchemas.countTokensShell, body);
}

/** History entries and tool lists kept between requests are validated once (see `validateWithKeptValues`). */
const KEPT_MEMBER_RULES: readonly KeptMemberRule[] = [
  { member: 'messages', entries: new KeptValidation(anthropicKeptValueSchemas.message) },
  { member: 'tools', value: new KeptValidation(anthropicKeptValueSchemas.tools) },
  { member: 'system', value: new KeptValidation(anthropicKeptValueSchemas.system) },
];

function parseWith(schema: z.ZodType<AnthropicMessagesRequest>, shell: z.ZodType, body: unknown): AnthropicMessagesRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('request body must be a JSON object');
  }
  const reused = validateWithKeptValues(body as Record<string, unknown>, shell, KEPT_MEMBER_RULES) as AnthropicMessagesRequest | undefined;
  if (reused !== undefined) {
    checkCrossFieldRules(reused);
    return reused;
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const described = describeIssue(result.error.issues[0], body, []);
    throw invalidRequest(`${formatPath(described.path)}: ${described.message}`);
  }
  checkCrossFieldRules(result.data);
  return result.data;
}

/** Rules zod cannot see field by field: tool kinds and the thinking budget against `max_tokens`. */
function checkCrossFieldRules(request: AnthropicMessagesRequest): void {
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (isAnthropicWebSearchTool(tool)) continue;
    const hasSchema = tool.input_schema !== undefined && tool.input_schema !== null;
    // Any other versioned type is accepted as the real API does (see classify-anthropic-tool.ts): client tools
    // are declared to Gemini, server tools it cannot run are dropped. Only what agt reads is checked.
    if (isAnthropicClientToolType(tool.type, hasSchema) && (tool.name === undefined || tool.name === null)) {
      throw invalidRequest(`tools.${index}.name: is required`);
    }
    if ((tool.type ?? 'custom') === 'custom' && !hasSchema) {
      throw invalidRequest(`tools.${index}.input_schema: is required`);
    }
  }
  const thinking = request.thinking;
  if (thinking?.type === 'enabled' && request.max_tokens !== undefined && thinking.budget_tokens >= request.max_tokens) {
    throw invalidRequest('max_tokens: must be greater than thinking.budget_tokens');
  }
}

interface DescribedIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Turns zod's first issue into a path and a sentence. Unions are unwrapped to the branch that got furthest
 * (for `content: string | block[]` that is the array branch when an array was sent), and a failed
 * discriminator names the value the client sent.
 */
function describeIssue(issue: z.core.$ZodIssue | undefined, body: unknown, prefix: PropertyKey[]): DescribedIssue {
  if (issue === undefined) return { path: prefix, message: 'is invalid' };
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const received = valueAt(body, path);
        if (received === undefined) return { path, message: 'is required' };
        const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
        const expected = options.map(String).join(', ');
        return { path, message: `unsupported type ${quote(received)}; expected one of: ${expected}` };
      }
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const deeper = branches.find((branch) => !branch.some((inner) => isRootTypeMismatch(inner)));
      if (deeper !== undefined) return describeIssue(deeper[0], body, path);
      const expected = branches.map((branch) => {
        const first = branch[0];
        return first.code === 'invalid_type' ? withArticle(first.expected) : 'valid';
      });
      if (valueAt(body, path) === undefined) return { path, message: 'is required' };
      return { path, message: `must be ${[...new Set(expected)].join(' or ')}` };
    }
    case 'invalid_type': {
      if (valueAt(body, path) === undefined) return { path, message: 'is required' };
      if (issue.message.startsWith('Invalid input')) return { path, message: `must be ${withArticle(issue.expected)}` };
      return { path, message: issue.message };
    }
    default:
      return { path, message: issue.message };
  }
}

function isRootTypeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

function withArticle(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'record') return 'an object';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (typeof key === 'symbol' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = typeof value;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalidRequest(message: string): GatewayError {
  return new GatewayError('INVALID_REQUEST', message);
}
