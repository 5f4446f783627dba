import { GatewayError } from '../../shared/gateway-error.js';
import { KeptValidation, validateWithKeptValues, type KeptMemberRule } from '../kept-values/keep-validated-values.js';
import { formatZodIssues } from './format-zod-issues.js';
import { openAIChatKeptValueSchemas, openAIChatRequestSchema, type OpenAIChatRequest } from './openai-chat-api.js';

/** History entries and tool lists kept between requests are validated once (see `validateWithKeptValues`). */
const KEPT_MEMBER_RULES: readonly KeptMemberRule[] = [
  { member: 'messages', entries: new KeptValidation(openAIChatKeptValueSchemas.message) },
  { member: 'tools', value: new KeptValidation(openAIChatKeptValueSchemas.tools) },
];

/**
 * Validates an untrusted `/v1/chat/completions` body. Anything that is not a well-formed request (wrong types at
 * any depth, null, numbers for messages…) becomes `GatewayError('INVALID_REQUEST')` whose message names the
 * offending field, e.g. `messages[2].content: must be a string or an array of content parts`.
 */
export function parseOpenAIChatRequest(body: unknown): OpenAIChatRequest {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const reused = validateWithKeptValues(body as Record<string, unknown>, openAIChatKeptValueSchemas.shell, KEPT_MEMBER_RULES);
    if (reused !== undefined) return reused as OpenAIChatRequest;
  }
  const result = openAIChatRequestSchema.safeParse(body);
  if (result.success) return result.data;
  throw new GatewayError('INVALID_REQUEST', formatZodIssues(result.error.issues));
}
