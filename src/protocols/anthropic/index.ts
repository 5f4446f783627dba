/**
 * @module protocols/anthropic
 * The Anthropic Messages protocol (what Claude Code and `@anthropic-ai/sdk` speak): request validation, pure
 * conversion to and from the Gemini shapes of `protocols/gemini`, the SSE stream encoder and error bodies.
 */
export type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessagesRequest,
  AnthropicResponseContentBlock,
  AnthropicStopReason,
  AnthropicUsage,
} from './anthropic-messages-api.js';
export { buildAnthropicStreamEncoder } from './build-anthropic-stream-encoder.js';
export { convertAnthropicRequestToGemini } from './convert-anthropic-request-to-gemini.js';
export { convertGeminiResponseToAnthropic } from './convert-gemini-response-to-anthropic.js';
export { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens.js';
export { formatAnthropicError } from './format-anthropic-error.js';
export { mapGeminiFinishReasonToAnthropic } from './map-gemini-finish-reason-to-anthropic.js';
export { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';
