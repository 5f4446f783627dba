import { mapGeminiFinishReasonToOpenAI } from '../openai/map-gemini-finish-reason-to-openai.js';
import type { ResponsesResponse } from './openai-responses-api.js';

export interface ResponsesOutcome {
  status: 'completed' | 'incomplete';
  incomplete_details: ResponsesResponse['incomplete_details'];
}

/**
 * Maps how Gemini ended (its `finishReason`, or a prompt it blocked) to a Responses `status`, classifying reasons
 * as Chat Completions does: a token limit (`length`) is `incomplete` for `max_output_tokens`, safety stops
 * (`content_filter`) are `incomplete` for `content_filter`, everything else (STOP, MALFORMED_FUNCTION_CALL, OTHER,
 * reasons added later) completes the response.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details
 */
export function mapGeminiFinishReasonToResponses(reason: string | undefined, promptBlocked: boolean): ResponsesOutcome {
  if (promptBlocked) return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  switch (mapGeminiFinishReasonToOpenAI(reason, false)) {
    case 'length':
      return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
    case 'content_filter':
      return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
    default:
      return { status: 'completed', incomplete_details: null };
  }
}
