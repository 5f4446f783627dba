/**
 * Anthropic Messages wire shapes: zod schemas for the inbound request body and plain types for what agt sends
 * back. Limited on purpose to the fields agt reads; `z.looseObject` keeps everything else (e.g. `cache_control`,
 * `citations`) so validation never rejects a field a newer client adds, and the converters simply never copy it.
 * @see https://docs.anthropic.com/en/api/messages
 */
import { z } from 'zod';
import type { AnthropicWebSearchCitation, AnthropicWebSearchResult } from './format-anthropic-web-search.js';

const nonEmptyString = z.string().min(1, { error: 'must be a non-empty string' });

const base64SourceSchema = z.looseObject({
  type: z.literal('base64'),
  media_type: nonEmptyString,
  data: z.string(),
});

const urlSourceSchema = z.looseObject({
  type: z.literal('url'),
  url: nonEmptyString,
});

const plainTextSourceSchema = z.looseObject({
  type: z.literal('text'),
  media_type: z.string().optional(),
  data: z.string(),
});

const anthropicTextBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
});

const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema]),
});

const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema, plainTextSourceSchema]),
  title: z.string().nullish(),
});

const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: nonEmptyString,
  name: nonEmptyString,
  input: z.record(z.string(), z.unknown()),
});

/**
 * A loaded-tool marker: Claude Code's ToolSearch (beta `advanced-tool-use-2025-11-20`) answers with these inside a
 * `tool_result` to make `defer_loading` tools available. Gemini already has every declaration, so the converter
 * turns the reference into text naming the tool.
 */
const toolReferenceBlockSchema = z.looseObject({
  type: z.literal('tool_reference'),
  tool_name: nonEmptyString,
});

/** A search hit the client supplies (its own RAG results), readable as text. */
const searchResultBlockSchema = z.looseObject({
  type: z.literal('search_result'),
  source: z.string().nullish(),
  title: z.string().nullish(),
  content: z.array(anthropicTextBlockSchema).nullish(),
});

/**
 * A block of a type agt does not read (Anthropic adds block types with new betas: `container_upload`, server tool
 * results, ...). The real API accepts them, so a 400 would break the client; they carry nothing Gemini can use and
 * are dropped by the converter. Known types never land here: a malformed known block is still refused by name.
 */
function unsupportedBlockSchema(knownTypes: readonly string[]) {
  const known = new Set(knownTypes);
  return z
    .looseObject({ type: z.string().refine((type) => !known.has(type)) })
    .transform((block) => ({ type: 'unsupported' as const, original_type: block.type }));
}

const toolResultKnownBlockSchema = z.discriminatedUnion('type', [
  anthropicTextBlockSchema,
  imageBlockSchema,
  documentBlockSchema,
  toolReferenceBlockSchema,
  searchResultBlockSchema,
]);

const toolResultContentBlockSchema = z.union([
  toolResultKnownBlockSchema,
  unsupportedBlockSchema(['text', 'image', 'document', 'tool_reference', 'search_result']),
]);

const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: nonEmptyString,
  content: z.union([z.string(), z.array(toolResultContentBlockSchema)]).optional(),
  is_error: z.boolean().optional(),
});

const thinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  /** Missing or empty on blocks that another gateway produced without a signature. */
  signature: z.string().nullish(),
});

const redactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
});

/** History of Anthropic's own server-side web search; Gemini cannot replay it, so the converter drops it. */
const serverToolHistoryBlockSchema = z.looseObject({
  type: z.enum(['server_tool_use', 'web_search_tool_result']),
});

const knownContentBlockSchema = z.discriminatedUnion('type', [
  anthropicTextBlockSchema,
  imageBlockSchema,
  documentBlockSchema,
  toolUseBlockSchema,
  toolResultBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  serverToolHistoryBlockSchema,
  searchResultBlockSchema,
]);

const anthropicContentBlockSchema = z.union([
  knownContentBlockSchema,
  unsupportedBlockSchema([
    'text',
    'image',
    'document',
    'tool_use',
    'tool_result',
    'thinking',
    'redacted_thinking',
    'server_tool_use',
    'web_search_tool_result',
    'search_result',
  ]),
]);

/**
 * `user` and `assistant` turns, and `system` entries anywhere in the list: current Claude Code sends them (beta
 * `mid-conversation-system-2026-04-07`) for its default model and every model name it does not know, with string or
 * text-block content. See `convert-anthropic-messages-to-gemini.ts` for how they reach Gemini.
 */
const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system'], { error: 'must be "user", "assistant" or "system"' }),
  content: z.union([z.string(), z.array(anthropicContentBlockSchema)]),
});

const toolSchema = z.looseObject({
  /** Required for every tool the client runs (checked by the parser); `mcp_toolset` server tools have none. */
  name: nonEmptyString.nullish(),
  /**
   * Absent or `custom` for client tools; a versioned name for Anthropic-defined tools, such as `bash_20250124`
   * (the client runs it) or `web_search_20250305` (a server tool). See `classify-anthropic-tool.ts`.
   */
  type: z.string().nullish(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
});

const toolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto') }),
  z.looseObject({ type: z.literal('any') }),
  z.looseObject({ type: z.literal('none') }),
  z.looseObject({ type: z.literal('tool'), name: nonEmptyString }),
]);

const thinkingSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('enabled'),
    budget_tokens: z.number().int().positive({ error: 'must be a positive integer' }),
  }),
  z.looseObject({ type: z.literal('disabled') }),
  z.looseObject({ type: z.literal('adaptive') }),
]);

/** The `count_tokens` body: a Messages body whose `max_tokens` may be absent. */
export const anthropicCountTokensRequestSchema = z.looseObject({
  model: nonEmptyString,
  max_tokens: z.number().int().positive({ error: 'must be a positive integer' }).optional(),
  messages: z.array(messageSchema).min(1, { error: 'must be a non-empty array' }),
  system: z.union([z.string(), z.array(anthropicTextBlockSchema)]).nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  thinking: thinkingSchema.nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nonnegative().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  metadata: z.looseObject({}).nullish(),
});

export const anthropicMessagesRequestSchema = anthropicCountTokensRequestSchema.extend({
  max_tokens: z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a positive integer') })
    .int({ error: 'must be a positive integer' })
    .positive({ error: 'must be a positive integer' }),
});

/**
 * What `validateWithKeptValues` needs to reuse the validation of kept history entries and tool lists: the same body
 * schemas with `messages` and `tools` left to the rules, and the schemas the whole ones apply to them.
 */
export const anthropicKeptValueSchemas = {
  message: messageSchema,
  tools: anthropicCountTokensRequestSchema.shape.tools,
  system: anthropicCountTokensRequestSchema.shape.system,
  countTokensShell: anthropicCountTokensRequestSchema.extend({
    messages: z.array(z.unknown()).min(1, { error: 'must be a non-empty array' }),
    tools: z.unknown().optional(),
    system: z.unknown().optional(),
  }),
  messagesShell: anthropicMessagesRequestSchema.extend({
    messages: z.array(z.unknown()).min(1, { error: 'must be a non-empty array' }),
    tools: z.unknown().optional(),
    system: z.unknown().optional(),
  }),
};

/**
 * A validated Messages (or count_tokens) body. `max_tokens` is always present after
 * `parseAnthropicMessagesRequest`; only `parseAnthropicCountTokensRequest` lets it be absent.
 */
export type AnthropicMessagesRequest = z.infer<typeof anthropicCountTokensRequestSchema>;
export type AnthropicRequestMessage = AnthropicMessagesRequest['messages'][number];
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;
export type AnthropicToolResultContentBlock = z.infer<typeof toolResultContentBlockSchema>;
export type AnthropicSearchResultBlock = z.infer<typeof searchResultBlockSchema>;
export type AnthropicTool = z.infer<typeof toolSchema>;
export type AnthropicToolChoice = z.infer<typeof toolChoiceSchema>;

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export type AnthropicResponseContentBlock =
  | { type: 'text'; text: string; citations?: AnthropicWebSearchCitation[] }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'server_tool_use'; id: string; name: 'web_search'; input: Record<string, unknown> }
  | { type: 'web_search_tool_result'; tool_use_id: string; content: AnthropicWebSearchResult[] };

/**
 * Usage as Anthropic reports it, every field always present (0 when none), in both the non-streaming answer and the
 * stream's `message_start` / `message_delta`. `input_tokens` excludes the cache reads; Gemini's implicit cache has no
 * write step, so `cache_creation_input_tokens` is always 0.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

/** A non-streaming Messages response. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseContentBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: null;
  usage: AnthropicUsage;
}

/**
 * Anthropic's server-side web search tool (`{type:"web_search_20250305", name:"web_search"}`, what Claude Code's
 * WebSearch sends), or a schema-less tool named `web_search` / `google_search`. Gemini runs it as `googleSearch`.
 */
export function isAnthropicWebSearchTool(tool: AnthropicTool): boolean {
  if (typeof tool.type === 'string' && tool.type.startsWith('web_search')) return true;
  const schemaLess = tool.input_schema === undefined || tool.input_schema === null;
  return (tool.type ?? 'custom') === 'custom' && schemaLess && (tool.name === 'web_search' || tool.name === 'google_search');
}
