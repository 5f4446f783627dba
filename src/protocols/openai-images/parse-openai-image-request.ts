import { GatewayError } from '../../shared/gateway-error.js';
import { formatZodIssues } from '../openai/format-zod-issues.js';
import { openAIImageRequestSchema, type OpenAIImageRequest } from './openai-images-api.js';

/**
 * Validates an untrusted `/v1/images/generations` body; a malformed one becomes `GatewayError('INVALID_REQUEST')`
 * naming the field. Streaming (partial images) is not offered: it is refused with a clear message.
 */
export function parseOpenAIImageRequest(body: unknown): OpenAIImageRequest {
  const result = openAIImageRequestSchema.safeParse(body);
  if (!result.success) throw new GatewayError('INVALID_REQUEST', formatZodIssues(result.error.issues));
  if (result.data.stream === true) {
    throw new GatewayError('INVALID_REQUEST', 'stream: agt does not stream image generation; send the request without "stream"');
  }
  return result.data;
}
