import { GatewayError } from '../../shared/gateway-error.js';
import { formatZodIssues } from './format-zod-issues.js';
import { openAIChatRequestSchema, type OpenAIChatRequest } from './openai-chat-api.js';

/**
 * Validates an untrusted `/v1/chat/completions` body. Anything that is not a well-formed request (wrong types at
 * any depth, null, numbers for messages…) becomes `GatewayError('INVALID_REQUEST')` whose message names the
 * offending field, e.g. `messages[2].content: must be a string or an array of content parts`.
 */
export function parseOpenAIChatRequest(body: unknown): OpenAIChatRequest {
  const result = openAIChatRequestSchema.safeParse(body);
  if (result.success) return result.data;
  throw new GatewayError('INVALID_REQUEST', formatZodIssues(result.error.issues));
}
