import type { OpenAIFinishReason } from './openai-chat-api.js';

/**
 * Maps a Gemini `finishReason` to OpenAI's `finish_reason`. Gemini ends a turn that calls functions with plain
 * `STOP`, so the caller says whether the answer holds tool calls.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function mapGeminiFinishReasonToOpenAI(reason: string | undefined, hasToolCalls: boolean): OpenAIFinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return 'content_filter';
    case 'STOP':
    default:
      // MALFORMED_FUNCTION_CALL, OTHER, FINISH_REASON_UNSPECIFIED and reasons added later end the turn too.
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}
