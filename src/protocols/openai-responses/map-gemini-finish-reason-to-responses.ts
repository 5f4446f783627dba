import type { ResponsesResponse } from './openai-responses-api.js';

export interface ResponsesOutcome {
  status: 'completed' | 'incomplete';
  incomplete_details: ResponsesResponse['incomplete_details'];
}

/**
 * Maps how Gemini ended (its `finishReason`, or a prompt it blocked) to a Responses `status`: a token limit is
 * `incomplete` for `max_output_tokens`, safety stops are `incomplete` for `content_filter`, everything else
 * (STOP, MALFORMED_FUNCTION_CALL, OTHER, reasons added later) completes the response.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details
 */
export function mapGeminiFinishReasonToResponses(reason: string | undefined, promptBlocked: boolean): ResponsesOutcome {
  if (promptBlocked) return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  switch (reason) {
    case 'MAX_TOKENS':
      return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
    case 'STOP':
    default:
      return { status: 'completed', incomplete_details: null };
  }
}
