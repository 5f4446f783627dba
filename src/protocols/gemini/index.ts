/**
 * @module protocols/gemini
 * The Gemini request/response format (also the inner format of Code Assist) and the Gemini-native v1beta
 * client protocol: parsing, preparing for Code Assist, streaming, merging, errors and model listings.
 */
export { SKIP_THOUGHT_SIGNATURE } from './gemini-api.js';
export type {
  GeminiCandidate,
  GeminiContent,
  GeminiFunctionCall,
  GeminiFunctionDeclaration,
  GeminiFunctionResponse,
  GeminiGenerationConfig,
  GeminiInlineData,
  GeminiPart,
  GeminiRequest,
  GeminiResponse,
  GeminiThinkingConfig,
  GeminiTool,
  GeminiToolConfig,
  GeminiUsageMetadata,
} from './gemini-api.js';
export { parseGeminiGenerateRequest } from './parse-gemini-generate-request.js';
export { prepareGeminiRequest } from './prepare-gemini-request.js';
export { buildGeminiStreamEncoder } from './build-gemini-stream-encoder.js';
export { formatGeminiError } from './format-gemini-error.js';
export { mergeGeminiChunks } from './merge-gemini-chunks.js';
export { splitGeminiModelAction } from './split-gemini-model-action.js';
export type { GeminiModelAction, GeminiModelActionTarget } from './split-gemini-model-action.js';
export { formatGeminiModel } from './format-gemini-model.js';
export type { GeminiModelDescription, GeminiModelDetails } from './format-gemini-model.js';
export { formatGeminiModelList } from './format-gemini-model-list.js';
