import type { AnthropicStopReason } from './anthropic-messages-api.js';

/**
 * Maps a Gemini `finishReason` to an Anthropic `stop_reason`. Gemini reports a hit stop sequence as plain
 * `STOP`, so `stop_sequence` never comes out of this map; a turn that produced a tool call is `tool_use`
 * unless it was cut by the token limit. Safety and other terminal reasons end the turn normally, because
 * Anthropic clients have no matching value and treat unknown ones as errors.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://docs.anthropic.com/en/api/messages#response-stop-reason
 */
export function mapGeminiFinishReasonToAnthropic(reason: string | undefined, hasToolUse: boolean): AnthropicStopReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'max_tokens';
    case 'STOP':
    case 'FINISH_REASON_UNSPECIFIED':
    case 'SAFETY':
    case 'RECITATION':
    case 'LANGUAGE':
    case 'OTHER':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'MALFORMED_FUNCTION_CALL':
    case 'IMAGE_SAFETY':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
    case undefined:
    default:
      return hasToolUse ? 'tool_use' : 'end_turn';
  }
}
