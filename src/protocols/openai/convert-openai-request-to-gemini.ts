import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiGenerationConfig, GeminiRequest, GeminiThinkingConfig } from '../gemini/gemini-api.js';
import type { ConvertedRequest, ConvertRequestOptions } from '../stream-encoder.js';
import { convertClientSchemaToGemini } from './convert-client-schema-to-gemini.js';
import { convertOpenAIMessagesToGemini } from './convert-openai-messages-to-gemini.js';
import { convertOpenAIToolsToGemini } from './convert-openai-tools-to-gemini.js';
import type { OpenAIChatRequest } from './openai-chat-api.js';
import { THINKING_BUDGETS_BY_EFFORT } from './thinking-budgets-by-effort.js';

/**
 * Converts a validated OpenAI Chat Completions request (see `parseOpenAIChatRequest`) into a Gemini
 * `generateContent` request. Throws `GatewayError('INVALID_REQUEST')` for what Gemini cannot represent
 * (`n` > 1, tool-call arguments that are not JSON objects, unknown `reasoning_effort`…).
 */
export function convertOpenAIRequestToGemini(body: OpenAIChatRequest, options: ConvertRequestOptions = {}): ConvertedOpenAIChatRequest {
  const { contents, systemInstruction } = convertOpenAIMessagesToGemini(body.messages);
  const { tools: functionTools, toolConfig, customToolNames } = convertOpenAIToolsToGemini(body, options.toolsSource);
  // `web_search_options` (OpenAI's search models) asks for web search: Google Search, run by agt as its own request.
  const webSearch = typeof (body as { web_search_options?: unknown }).web_search_options === 'object' && (body as { web_search_options?: unknown }).web_search_options !== null;
  const tools = webSearch ? [...(functionTools ?? []), { googleSearch: {} }] : functionTools;
  const generationConfig = convertGenerationConfig(body);

  const request: GeminiRequest = { contents };
  if (systemInstruction !== undefined) request.systemInstruction = systemInstruction;
  if (tools !== undefined) request.tools = tools;
  if (toolConfig !== undefined) request.toolConfig = toolConfig;
  if (Object.keys(generationConfig).length > 0) request.generationConfig = generationConfig;
  const converted: ConvertedOpenAIChatRequest = { model: body.model, request, stream: body.stream === true };
  if (customToolNames !== undefined) converted.customToolNames = customToolNames;
  return converted;
}

/** A converted Chat Completions request: what every protocol returns, plus the names of its `custom` tools. */
export interface ConvertedOpenAIChatRequest extends ConvertedRequest {
  customToolNames?: ReadonlySet<string>;
}

function convertGenerationConfig(body: OpenAIChatRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (typeof body.n === 'number' && body.n > 1) {
    throw new GatewayError('INVALID_REQUEST', 'n: only 1 is supported');
  }
  if (typeof body.n === 'number') config.candidateCount = body.n;

  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') config.maxOutputTokens = maxTokens;
  if (typeof body.temperature === 'number') config.temperature = body.temperature;
  if (typeof body.top_p === 'number') config.topP = body.top_p;

  const stopSequences = (typeof body.stop === 'string' ? [body.stop] : (body.stop ?? [])).filter((stop) => stop !== '');
  if (stopSequences.length > 0) config.stopSequences = stopSequences;

  const responseFormat = body.response_format;
  if (responseFormat?.type === 'json_object' || responseFormat?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
  }
  if (responseFormat?.type === 'json_schema' && responseFormat.json_schema.schema) {
    const schema = convertClientSchemaToGemini(responseFormat.json_schema.schema, 'response_format.json_schema.schema');
    if (schema !== undefined) config.responseSchema = schema;
  }

  const thinkingConfig = convertThinking(body);
  if (thinkingConfig !== undefined) {
    config.thinkingConfig = thinkingConfig;
    const budget = thinkingConfig.thinkingBudget ?? 0;
    // Gemini (and Claude behind Code Assist) reject maxOutputTokens <= thinkingBudget. OpenAI's limit is about
    // the answer the client sees, so the thinking budget is added on top instead of failing the request.
    if (config.maxOutputTokens !== undefined && config.maxOutputTokens <= budget) {
      config.maxOutputTokens += budget;
    }
  }
  return config;
}

function convertThinking(body: OpenAIChatRequest): GeminiThinkingConfig | undefined {
  const effort = body.reasoning_effort;
  if (typeof effort === 'string') {
    const normalised = effort.toLowerCase();
    if (!THINKING_BUDGETS_BY_EFFORT.has(normalised)) {
      throw new GatewayError('INVALID_REQUEST', 'reasoning_effort: must be one of "none", "minimal", "low", "medium", "high"');
    }
    const budget = THINKING_BUDGETS_BY_EFFORT.get(normalised);
    return budget === undefined ? undefined : { includeThoughts: true, thinkingBudget: budget };
  }
  // A model that must think (a Claude `…-thinking` model) gets its budget by the upstream model, not the name asked
  // for: see upstream-request/choose-thinking-config.ts.
  return undefined;
}
