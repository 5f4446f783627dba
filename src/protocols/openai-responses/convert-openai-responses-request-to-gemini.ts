import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiGenerationConfig, GeminiRequest, GeminiThinkingConfig } from '../gemini/gemini-api.js';
import { convertClientSchemaToGemini } from '../openai/convert-client-schema-to-gemini.js';
import { THINKING_BUDGETS_BY_EFFORT } from '../openai/thinking-budgets-by-effort.js';
import type { ConvertedRequest, ConvertRequestOptions } from '../stream-encoder.js';
import { convertResponsesInputToGemini } from './convert-responses-input-to-gemini.js';
import { convertResponsesToolsToGemini, type ResponsesToolCatalog } from './convert-responses-tools-to-gemini.js';
import type { OpenAIResponsesRequest, OpenAIResponsesRequestBody, ResponsesEcho } from './openai-responses-api.js';

/** Thinking budgets (tokens) for `reasoning.effort`: the Chat Completions ones, and `max` as well. */
const THINKING_BUDGETS: ReadonlyMap<string, number | undefined> = new Map([...THINKING_BUDGETS_BY_EFFORT, ['max', 24576]]);

export interface ConvertedOpenAIResponsesRequest extends ConvertedRequest {
  /** The request's tools by Gemini function name, to answer calls with the client's own tool names. */
  catalog: ResponsesToolCatalog;
  /** The request settings every Response object echoes back. */
  echo: ResponsesEcho;
}

/**
 * Converts a validated Responses request (see `parseOpenAIResponsesRequest`) into a Gemini `generateContent`
 * request: `instructions` and system/developer messages → `systemInstruction`, items → `contents`, tools →
 * declarations, `max_output_tokens` / `temperature` / `top_p` / `text.format` → `generationConfig`, and
 * `reasoning` → `thinkingConfig` (thoughts included, so they can be shown as reasoning summaries). Settings with
 * no Gemini equivalent (`store`, `include`, `parallel_tool_calls`, `truncation`…) are accepted and echoed.
 * Throws `GatewayError('INVALID_REQUEST')` for what Gemini cannot represent.
 */
export function convertOpenAIResponsesRequestToGemini(request: OpenAIResponsesRequest, options: ConvertRequestOptions = {}): ConvertedOpenAIResponsesRequest {
  const { body } = request;
  const { contents, systemInstruction } = convertResponsesInputToGemini(request, body.instructions);
  const { tools, toolConfig, catalog } = convertResponsesToolsToGemini(
    request.tools,
    body.tool_choice,
    // Tools declared by the input join the list: it is kept by the bytes of `tools` only without them.
    request.toolsFromInput ? undefined : options.toolsSource,
  );
  const generationConfig = convertGenerationConfig(body);

  const geminiRequest: GeminiRequest = { contents };
  if (systemInstruction !== undefined) geminiRequest.systemInstruction = systemInstruction;
  if (tools !== undefined) geminiRequest.tools = tools;
  if (toolConfig !== undefined) geminiRequest.toolConfig = toolConfig;
  if (Object.keys(generationConfig).length > 0) geminiRequest.generationConfig = generationConfig;
  const converted: ConvertedOpenAIResponsesRequest = { model: body.model, request: geminiRequest, stream: body.stream === true, catalog, echo: convertEcho(body) };
  if (request.droppedTools.length > 0) converted.droppedTools = request.droppedTools;
  return converted;
}

function convertGenerationConfig(body: OpenAIResponsesRequestBody): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (typeof body.max_output_tokens === 'number') config.maxOutputTokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') config.temperature = body.temperature;
  if (typeof body.top_p === 'number') config.topP = body.top_p;

  const format = body.text?.format;
  if (format?.type === 'json_object' || format?.type === 'json_schema') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema' && format.schema) {
    const schema = convertClientSchemaToGemini(format.schema, 'text.format.schema');
    if (schema !== undefined) config.responseSchema = schema;
  }

  const thinkingConfig = convertThinking(body);
  if (thinkingConfig !== undefined) {
    config.thinkingConfig = thinkingConfig;
    const budget = thinkingConfig.thinkingBudget ?? 0;
    // Gemini (and Claude behind Code Assist) reject maxOutputTokens <= thinkingBudget. OpenAI's limit is about
    // the answer the client sees, so the thinking budget is added on top instead of failing the request.
    if (config.maxOutputTokens !== undefined && config.maxOutputTokens <= budget) config.maxOutputTokens += budget;
  }
  return config;
}

function convertThinking(body: OpenAIResponsesRequestBody): GeminiThinkingConfig | undefined {
  const effort = body.reasoning?.effort;
  if (typeof effort === 'string') {
    const normalised = effort.toLowerCase();
    if (!THINKING_BUDGETS.has(normalised)) {
      throw new GatewayError('INVALID_REQUEST', 'reasoning.effort: must be one of "none", "minimal", "low", "medium", "high", "xhigh"');
    }
    const budget = THINKING_BUDGETS.get(normalised);
    return budget === undefined ? undefined : { includeThoughts: true, thinkingBudget: budget };
  }
  // A summary asked for without an effort: the model's own thinking budget, with its thoughts shown.
  if (typeof body.reasoning?.summary === 'string') return { includeThoughts: true };
  return undefined;
}

function convertEcho(body: OpenAIResponsesRequestBody): ResponsesEcho {
  return {
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    // Whatever the client asked, nothing is stored.
    store: false,
    temperature: body.temperature ?? null,
    text: { format: body.text?.format ?? { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? null,
  };
}
