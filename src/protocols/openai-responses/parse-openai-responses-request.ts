import type { z } from 'zod';
import { GatewayError } from '../../shared/gateway-error.js';
import { formatIssuePath, formatZodIssues } from '../openai/format-zod-issues.js';
import {
  customToolCallItemSchema,
  customToolCallOutputItemSchema,
  customToolSchema,
  functionCallItemSchema,
  functionCallOutputItemSchema,
  functionToolSchema,
  messageItemSchema,
  namespaceToolSchema,
  openAIResponsesRequestSchema,
  reasoningItemSchema,
  type OpenAIResponsesRequest,
  type OpenAIResponsesRequestBody,
  type ResponsesInputItem,
  type ResponsesTool,
} from './openai-responses-api.js';

const ITEM_SCHEMAS: ReadonlyMap<string, z.ZodType<ResponsesInputItem>> = new Map<string, z.ZodType<ResponsesInputItem>>([
  ['message', messageItemSchema],
  ['function_call', functionCallItemSchema],
  ['function_call_output', functionCallOutputItemSchema],
  ['custom_tool_call', customToolCallItemSchema],
  ['custom_tool_call_output', customToolCallOutputItemSchema],
  ['reasoning', reasoningItemSchema],
]);

const TOOL_SCHEMAS: ReadonlyMap<string, z.ZodType<ResponsesTool>> = new Map<string, z.ZodType<ResponsesTool>>([
  ['function', functionToolSchema],
  ['custom', customToolSchema],
  ['namespace', namespaceToolSchema],
]);

/** Hosted web search under its current and dated names; agt answers it with Google Search grounding. */
const WEB_SEARCH_TOOL_TYPES = new Set(['web_search', 'web_search_preview', 'web_search_preview_2025_03_11', 'web_search_2025_08_26']);

/**
 * Validates an untrusted `/v1/responses` body. Anything malformed becomes `GatewayError('INVALID_REQUEST')` whose
 * message names the field (`input[2].call_id: must be a non-empty string`). agt keeps no state, so the features
 * that point at stored objects (`previous_response_id`, `conversation`, `background`, stored `prompt`s, item
 * references) are refused with a message saying what to send instead. Input items and tools of types agt cannot
 * represent (hosted-tool call records, `file_search`, `computer`…) are skipped.
 */
export function parseOpenAIResponsesRequest(body: unknown): OpenAIResponsesRequest {
  const result = openAIResponsesRequestSchema.safeParse(body);
  if (!result.success) throw new GatewayError('INVALID_REQUEST', formatZodIssues(result.error.issues));
  const parsed = result.data;
  refuseStatefulFeatures(parsed);
  const droppedTools: string[] = [];
  const { items, itemIndexes, additionalTools } = parseInputItems(parsed.input, droppedTools);
  const tools = [...parseTools(parsed.tools ?? [], ['tools'], droppedTools), ...additionalTools];
  return { body: parsed, items, itemIndexes, tools, toolsFromInput: additionalTools.length > 0, droppedTools: [...new Set(droppedTools)] };
}

function refuseStatefulFeatures(body: OpenAIResponsesRequestBody): void {
  if (typeof body.previous_response_id === 'string' && body.previous_response_id !== '') {
    throw new GatewayError(
      'INVALID_REQUEST',
      'previous_response_id: agt does not store responses, so it cannot continue from an earlier one; send the whole ' +
        'conversation in "input" instead (Codex does this by default with store: false)',
    );
  }
  if (body.conversation !== undefined && body.conversation !== null) {
    throw new GatewayError(
      'INVALID_REQUEST',
      'conversation: agt does not store conversations; send the whole conversation in "input" instead',
    );
  }
  if (body.background === true) {
    throw new GatewayError('INVALID_REQUEST', 'background: agt does not store responses, so background mode is not supported');
  }
  if (body.prompt !== undefined && body.prompt !== null) {
    throw new GatewayError('INVALID_REQUEST', 'prompt: stored prompt templates are not supported; send "instructions" and "input"');
  }
}

interface ParsedInput {
  items: ResponsesInputItem[];
  itemIndexes: number[];
  /** Tools the input itself declares (`additional_tools` items). */
  additionalTools: ResponsesTool[];
}

function parseInputItems(input: OpenAIResponsesRequestBody['input'], droppedTools: string[]): ParsedInput {
  if (input === undefined || input === null) return { items: [], itemIndexes: [], additionalTools: [] };
  if (typeof input === 'string') {
    return { items: [{ type: 'message', role: 'user', content: input }], itemIndexes: [0], additionalTools: [] };
  }
  const items: ResponsesInputItem[] = [];
  const itemIndexes: number[] = [];
  const additionalTools: ResponsesTool[] = [];
  input.forEach((raw, index) => {
    const path = ['input', index];
    if (!isPlainObject(raw)) throw new GatewayError('INVALID_REQUEST', `${formatIssuePath(path)}: must be an object`);
    // Easy input messages (`{role, content}`) may leave out their type.
    const type = raw.type ?? (raw.role === undefined ? undefined : 'message');
    if (typeof type !== 'string') {
      throw new GatewayError('INVALID_REQUEST', `${formatIssuePath([...path, 'type'])}: must be a string naming the item type`);
    }
    if (type === 'item_reference') {
      throw new GatewayError(
        'INVALID_REQUEST',
        `${formatIssuePath(path)}: item references point at stored items, which agt does not keep; send the item itself`,
      );
    }
    if (type === 'additional_tools') {
      // Codex's "responses lite" wire (its default models) declares tools in the input, where adding one does not
      // change the cached head of the prompt. For Gemini every declaration lives in `tools`, so they join the rest.
      if (!Array.isArray(raw.tools)) {
        throw new GatewayError('INVALID_REQUEST', `${formatIssuePath([...path, 'tools'])}: must be an array of tools`);
      }
      additionalTools.push(...parseTools(raw.tools, [...path, 'tools'], droppedTools));
      return;
    }
    const schema = ITEM_SCHEMAS.get(type);
    if (schema === undefined) return;
    const result = schema.safeParse(raw.type === undefined ? { ...raw, type } : raw);
    if (!result.success) throw new GatewayError('INVALID_REQUEST', formatZodIssues(result.error.issues, path));
    items.push(result.data);
    itemIndexes.push(index);
  });
  return { items, itemIndexes, additionalTools };
}

/**
 * The tools agt can serve: `function`, `custom` and `namespace` tools, and web search. Every other type is a tool
 * that only OpenAI's platform runs (`file_search` over its vector stores, `code_interpreter` in its containers,
 * remote `mcp` servers it calls, `image_generation`) or that is answered with output items of its own kind
 * (`computer_use_preview`, `local_shell`, `shell`, `apply_patch`): Gemini can run none of them and agt cannot produce
 * their call items, so they are left out, said in `droppedTools`. The real API accepts them, so no 400.
 */
function parseTools(tools: readonly unknown[], at: readonly (string | number)[], droppedTools: string[]): ResponsesTool[] {
  const parsed: ResponsesTool[] = [];
  tools.forEach((raw, index) => {
    const path = [...at, index];
    if (!isPlainObject(raw)) throw new GatewayError('INVALID_REQUEST', `${formatIssuePath(path)}: must be an object`);
    if (typeof raw.type !== 'string') {
      throw new GatewayError('INVALID_REQUEST', `${formatIssuePath([...path, 'type'])}: must be a string naming the tool type`);
    }
    if (WEB_SEARCH_TOOL_TYPES.has(raw.type)) {
      parsed.push({ type: 'web_search' });
      return;
    }
    const schema = TOOL_SCHEMAS.get(raw.type);
    if (schema === undefined) {
      droppedTools.push(raw.type);
      return;
    }
    const result = schema.safeParse(raw);
    if (!result.success) throw new GatewayError('INVALID_REQUEST', formatZodIssues(result.error.issues, path));
    parsed.push(result.data);
  });
  return parsed;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
