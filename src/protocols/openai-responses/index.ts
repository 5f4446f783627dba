/**
 * @module
 * The OpenAI Responses API (`POST /v1/responses`, used by Codex CLI and newer OpenAI SDK code): parse and convert
 * requests to Gemini, convert Gemini responses and streams back as Response objects and Responses events. agt is
 * stateless: the whole conversation comes in every request, and Gemini thought signatures travel in reasoning
 * items' `encrypted_content`. Errors use the OpenAI error shape (`formatOpenAIError`). Pure: no I/O, no clock.
 */
export { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';
export {
  convertOpenAIResponsesRequestToGemini,
  type ConvertedOpenAIResponsesRequest,
} from './convert-openai-responses-request-to-gemini.js';
export { convertGeminiResponseToOpenAIResponses } from './convert-gemini-response-to-openai-responses.js';
export { buildOpenAIResponsesStreamEncoder } from './build-openai-responses-stream-encoder.js';
export type { OpenAIResponsesContext } from './format-responses-response.js';
export type { ResponsesToolCatalog, ResponsesToolIdentity } from './convert-responses-tools-to-gemini.js';
export type {
  OpenAIResponsesRequest,
  ResponsesEcho,
  ResponsesOutputItem,
  ResponsesResponse,
  ResponsesUsage,
} from './openai-responses-api.js';
