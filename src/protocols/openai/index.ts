/**
 * @module
 * The OpenAI Chat Completions protocol: parse and convert requests to Gemini, convert Gemini responses and
 * streams back, and format errors the way OpenAI clients expect. Pure: no I/O, no clock, no logging.
 */
export { parseOpenAIChatRequest } from './parse-openai-chat-request.js';
export { convertOpenAIRequestToGemini, type ConvertedOpenAIChatRequest } from './convert-openai-request-to-gemini.js';
export { convertGeminiResponseToOpenAI, type ConvertGeminiResponseOptions } from './convert-gemini-response-to-openai.js';
export { buildOpenAIStreamEncoder, type BuildOpenAIStreamEncoderOptions } from './build-openai-stream-encoder.js';
export { formatOpenAIError } from './format-openai-error.js';
export { mapGeminiFinishReasonToOpenAI } from './map-gemini-finish-reason-to-openai.js';
export { convertGeminiUsageToOpenAI } from './convert-gemini-usage-to-openai.js';
export type {
  OpenAIChatCompletion,
  OpenAIChatCompletionChunk,
  OpenAIChatMessage,
  OpenAIChatRequest,
  OpenAIFinishReason,
  OpenAIToolCall,
  OpenAIUsage,
} from './openai-chat-api.js';
