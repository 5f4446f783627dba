import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiContent, GeminiGenerationConfig, GeminiPart, GeminiRequest, GeminiThinkingConfig } from '../gemini/gemini-api.js';
import type { ConvertedRequest, ConvertRequestOptions } from '../stream-encoder.js';
import type { AnthropicMessagesRequest } from './anthropic-messages-api.js';
import { convertAnthropicMessagesToGemini } from './convert-anthropic-messages-to-gemini.js';
import { convertAnthropicToolsToGemini } from './convert-anthropic-tools-to-gemini.js';
import { THINKING_BUDGETS_BY_EFFORT } from '../openai/thinking-budgets-by-effort.js';

/** Budget for thinking the client asked for without a size. */
export const DEFAULT_THINKING_BUDGET = 16_384;
/** `output_config.effort: "max"`: more than `high` (24576). */
const MAX_EFFORT_THINKING_BUDGET = 32_768;

/**
 * Converts a validated Anthropic Messages body to a Gemini request. Pure; `metadata.user_id` is left to the
 * route (session affinity), and the model name is returned unmapped.
 *
 * Throws `GatewayError('INVALID_REQUEST')` only when nothing would be left to send (every message empty) or a
 * tool schema defeats the schema cleaner.
 */
export function convertAnthropicRequestToGemini(body: AnthropicMessagesRequest, options: ConvertRequestOptions = {}): ConvertedRequest {
  const contents = convertAnthropicMessagesToGemini(body.messages);
  if (contents.length === 0) {
    throw new GatewayError('INVALID_REQUEST', 'messages: every message is empty; there is nothing to send');
  }
  const request: GeminiRequest = { contents };

  const systemInstruction = convertSystem(body.system);
  if (systemInstruction !== undefined) request.systemInstruction = systemInstruction;

  const { tools, toolConfig, droppedTools } = convertAnthropicToolsToGemini(body.tools, body.tool_choice, options.toolListKey);
  if (tools !== undefined) request.tools = tools;
  if (toolConfig !== undefined) request.toolConfig = toolConfig;

  const generationConfig = convertGenerationConfig(body);
  if (Object.keys(generationConfig).length > 0) request.generationConfig = generationConfig;

  const converted: ConvertedRequest = { model: body.model, request, stream: body.stream === true };
  if (droppedTools !== undefined) converted.droppedTools = droppedTools;
  return converted;
}

/**
 * The system instructions of kept (frozen) system prompts, by identity: a client sends the same system prompt with
 * every turn, and `server/parse-json-body.ts` hands the same frozen value to each of them. Kept frozen with their
 * JSON encoded once (`rememberJsonBytes`); `null` for a prompt with no text.
 */
const keptSystemInstructions = new WeakMap<object, GeminiContent | null>();

function convertSystem(system: AnthropicMessagesRequest['system']): GeminiContent | undefined {
  if (system === undefined || system === null) return undefined;
  if (typeof system === 'string') return system === '' ? undefined : { parts: [{ text: system }] };
  if (!Object.isFrozen(system)) return systemInstructionOf(system);
  let kept = keptSystemInstructions.get(system);
  if (kept === undefined) {
    kept = systemInstructionOf(system) ?? null;
    if (kept !== null) rememberJsonBytes(deepFreeze(kept));
    keptSystemInstructions.set(system, kept);
  }
  return kept ?? undefined;
}

function systemInstructionOf(blocks: readonly { text: string }[]): GeminiContent | undefined {
  const parts: GeminiPart[] = blocks.filter((block) => block.text !== '').map((block) => ({ text: block.text }));
  return parts.length === 0 ? undefined : { parts };
}

function convertGenerationConfig(body: AnthropicMessagesRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (body.max_tokens !== undefined) config.maxOutputTokens = body.max_tokens;
  if (typeof body.temperature === 'number') config.temperature = body.temperature;
  if (typeof body.top_p === 'number') config.topP = body.top_p;
  if (typeof body.top_k === 'number') config.topK = body.top_k;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) config.stopSequences = body.stop_sequences;
  const thinkingConfig = convertThinking(body);
  if (thinkingConfig !== undefined) config.thinkingConfig = thinkingConfig;
  return config;
}

/**
 * `enabled` keeps the client's budget (the parser already checked it is below `max_tokens`). `adaptive` gets the
 * budget of `output_config.effort` (Claude Code sends both; no effort means Anthropic's default, `high`), kept below
 * `max_tokens` because Code Assist rejects a budget that does not leave room for the answer. Whether and how the
 * upstream model thinks is decided later by its own kind (`upstream-request/choose-thinking-config.ts`), not by the
 * client's model name.
 */
function convertThinking(body: AnthropicMessagesRequest): GeminiThinkingConfig | undefined {
  const thinking = body.thinking ?? undefined;
  if (thinking?.type === 'enabled') return { includeThoughts: true, thinkingBudget: thinking.budget_tokens };
  if (thinking?.type !== 'adaptive') return undefined;
  const wanted = budgetForEffort(readEffort(body));
  const budget = body.max_tokens === undefined ? wanted : Math.min(wanted, body.max_tokens - 1);
  return budget > 0 ? { includeThoughts: true, thinkingBudget: budget } : undefined;
}

/** `output_config.effort` (beta `effort-2025-11-24`): `low`, `medium`, `high`, `xhigh`, `max`; unknown values read as the default. */
function readEffort(body: AnthropicMessagesRequest): string {
  const outputConfig = (body as { output_config?: unknown }).output_config;
  const effort = typeof outputConfig === 'object' && outputConfig !== null ? (outputConfig as { effort?: unknown }).effort : undefined;
  return typeof effort === 'string' ? effort.toLowerCase() : 'high';
}

function budgetForEffort(effort: string): number {
  if (effort === 'max') return MAX_EFFORT_THINKING_BUDGET;
  return THINKING_BUDGETS_BY_EFFORT.get(effort) ?? THINKING_BUDGETS_BY_EFFORT.get('high') ?? DEFAULT_THINKING_BUDGET;
}
