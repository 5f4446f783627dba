import { z } from 'zod';

/**
 * OpenAI Chat Completions wire shapes. Limited on purpose to the fields agt reads: every object is a
 * `looseObject`, so fields we do not know (user, seed, logprobs, metadata…) are kept and ignored rather than
 * rejected. Optional scalars accept `null` because several clients send explicit nulls for unset options.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
const USER_PART_TYPES = ['text', 'image_url', 'input_audio', 'file'] as const;

function quoteList(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

const textPartSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
});

const imageUrlPartSchema = z.looseObject({
  type: z.literal('image_url'),
  // The official shape is `{ url, detail? }`; a bare string is a common client shortcut.
  image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().nullish() })], {
    error: 'must be an object with a "url" string',
  }),
});

const inputAudioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string().min(1, { error: 'must be a non-empty string' }) }),
});

const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().nullish(),
  }),
});

const refusalPartSchema = z.looseObject({
  type: z.literal('refusal'),
  refusal: z.string(),
});

const userContentPartSchema = z.discriminatedUnion(
  'type',
  [textPartSchema, imageUrlPartSchema, inputAudioPartSchema, filePartSchema],
  { error: `unsupported content part type; expected one of ${quoteList(USER_PART_TYPES)}` },
);

const textOnlyContentSchema = z.union([z.string(), z.array(textPartSchema)], {
  error: 'must be a string or an array of text parts',
});

/**
 * An assistant's earlier tool call: a `function` call (type absent or `function`) with JSON `arguments`, or a
 * `custom` tool's call with its free-text `input`.
 */
const toolCallSchema = z
  .looseObject({
    id: z.string(),
    type: z.enum(['function', 'custom'], { error: 'must be "function" or "custom"' }).optional(),
    function: z
      .looseObject({
        name: z.string().min(1, { error: 'must be a non-empty string' }),
        // Clients send a JSON string (the spec); a few send the object itself.
        arguments: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'must be a JSON string' }),
      })
      .optional(),
    custom: z
      .looseObject({ name: z.string().min(1, { error: 'must be a non-empty string' }), input: z.string({ error: 'must be a string' }) })
      .optional(),
    /** Vendor field carrying `google.thought_signature`, echoed by clients that keep what agt sent them. */
    extra_content: z.unknown().optional(),
  })
  .superRefine((call, context) => {
    if (call.type === 'custom' && call.custom === undefined) {
      context.addIssue({ code: 'custom', path: ['custom'], message: 'is required for tool calls of type "custom"' });
    }
    if (call.type !== 'custom' && call.function === undefined) {
      context.addIssue({ code: 'custom', path: ['function'], message: 'is required' });
    }
  });

const systemMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer']),
  content: textOnlyContentSchema,
});

const userMessageSchema = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userContentPartSchema)], {
    error: 'must be a string or an array of content parts',
  }),
});

const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z
    .union([z.string(), z.array(
          z.discriminatedUnion('type', [textPartSchema, refusalPartSchema], {
            error: 'unsupported content part type; expected "text" or "refusal"',
          }),
        )], {
      error: 'must be a string, an array of text parts or null',
    })
    .nullish(),
  reasoning_content: z.string().nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  function_call: z
    .looseObject({
      name: z.string().min(1, { error: 'must be a non-empty string' }),
      arguments: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'must be a JSON string' }),
    })
    .nullish(),
});

const toolMessageSchema = z.looseObject({
  role: z.literal('tool'),
  content: textOnlyContentSchema,
  tool_call_id: z.string().min(1, { error: 'must be a non-empty string' }),
});

const functionMessageSchema = z.looseObject({
  role: z.literal('function'),
  name: z.string().min(1, { error: 'must be a non-empty string' }),
  content: z.string().nullish(),
});

const messageSchema = z.discriminatedUnion(
  'role',
  [systemMessageSchema, userMessageSchema, assistantMessageSchema, toolMessageSchema, functionMessageSchema],
  { error: `must be one of ${quoteList(ROLES)}` },
);

const functionDefinitionSchema = z.looseObject({
  name: z.string().min(1, { error: 'must be a non-empty string' }),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
});

/** A `custom` tool: free-text input, optionally constrained by a grammar (`lark` or `regex`). */
const customDefinitionSchema = z.looseObject({
  name: z.string().min(1, { error: 'must be a non-empty string' }),
  description: z.string().nullish(),
  format: z
    .looseObject({
      type: z.string(),
      grammar: z.looseObject({ definition: z.string().nullish(), syntax: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

/**
 * `function` and `custom` are the tool types Chat Completions has; any other type is ignored by the converter (the
 * API would refuse it, but nothing agt reads depends on it).
 */
const toolSchema = z
  .looseObject({
    type: z.string(),
    function: functionDefinitionSchema.optional(),
    custom: customDefinitionSchema.optional(),
  })
  .superRefine((tool, context) => {
    if (tool.type === 'function' && tool.function === undefined) {
      context.addIssue({ code: 'custom', path: ['function'], message: 'is required for tools of type "function"' });
    }
    if (tool.type === 'custom' && tool.custom === undefined) {
      context.addIssue({ code: 'custom', path: ['custom'], message: 'is required for tools of type "custom"' });
    }
  });

const toolNameSchema = z.looseObject({ name: z.string().min(1, { error: 'must be a non-empty string' }) });

const namedChoiceSchema = z.looseObject({
  type: z.literal('function'),
  function: toolNameSchema,
});

const namedCustomChoiceSchema = z.looseObject({
  type: z.literal('custom'),
  custom: toolNameSchema,
});

/** `{type: "allowed_tools", allowed_tools: {mode, tools}}`: narrows the tools the model may call. */
const allowedToolsChoiceSchema = z.looseObject({
  type: z.literal('allowed_tools'),
  allowed_tools: z.looseObject({
    mode: z.enum(['auto', 'required'], { error: 'must be "auto" or "required"' }),
    tools: z.array(z.looseObject({ type: z.string(), function: toolNameSchema.optional(), custom: toolNameSchema.optional() })),
  }),
});

const positiveIntegerSchema = z.number().int().positive({ error: 'must be a positive integer' }).nullish();

export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1, { error: 'must be a non-empty string' }),
  messages: z.array(messageSchema).min(1, { error: 'must contain at least one message' }),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: positiveIntegerSchema,
  max_completion_tokens: positiveIntegerSchema,
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  n: positiveIntegerSchema,
  stop: z.union([z.string(), z.array(z.string())], { error: 'must be a string or an array of strings' }).nullish(),
  response_format: z
    .discriminatedUnion(
      'type',
      [
        z.looseObject({ type: z.literal('text') }),
        z.looseObject({ type: z.literal('json_object') }),
        z.looseObject({
          type: z.literal('json_schema'),
          json_schema: z.looseObject({ name: z.string().nullish(), schema: z.record(z.string(), z.unknown()).nullish() }),
        }),
      ],
      { error: 'must be one of "text", "json_object", "json_schema"' },
    )
    .nullish(),
  reasoning_effort: z.string().nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), namedChoiceSchema, namedCustomChoiceSchema, allowedToolsChoiceSchema], {
      error: 'must be "none", "auto", "required", {"type":"function","function":{"name":…}}, {"type":"custom","custom":{"name":…}} or {"type":"allowed_tools",…}',
    })
    .nullish(),
  functions: z.array(functionDefinitionSchema).nullish(),
  function_call: z
    .union([z.enum(['none', 'auto']), z.looseObject({ name: z.string().min(1, { error: 'must be a non-empty string' }) })], {
      error: 'must be "none", "auto" or {"name":…}',
    })
    .nullish(),
});

/**
 * What `validateWithKeptValues` needs to reuse the validation of kept history entries and tool lists: the body schema
 * with `messages` and `tools` left to the rules, and the schemas the whole one applies to them.
 */
export const openAIChatKeptValueSchemas = {
  message: messageSchema,
  tools: openAIChatRequestSchema.shape.tools,
  shell: openAIChatRequestSchema.extend({
    messages: z.array(z.unknown()).min(1, { error: 'must contain at least one message' }),
    tools: z.unknown().optional(),
  }),
};

export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;
export type OpenAIChatMessage = OpenAIChatRequest['messages'][number];
export type OpenAIUserContentPart = z.infer<typeof userContentPartSchema>;

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
  prompt_tokens_details?: { cached_tokens: number };
}

/** `tool_calls[].extra_content` as agt emits it: Google's thought signature for the call. */
export interface OpenAIToolCallExtraContent {
  google: { thought_signature: string };
}

export type OpenAIToolCall = OpenAIFunctionToolCall | OpenAICustomToolCall;

export interface OpenAIFunctionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: OpenAIToolCallExtraContent;
}

/** A call of a `custom` tool: its free-text input as the model wrote it. */
export interface OpenAICustomToolCall {
  id: string;
  type: 'custom';
  custom: { name: string; input: string };
  extra_content?: OpenAIToolCallExtraContent;
}

export interface OpenAIChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: null;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      reasoning_content?: string;
      tool_calls?: OpenAIToolCall[];
      annotations?: OpenAIUrlCitation[];
    };
    logprobs: null;
    finish_reason: OpenAIFinishReason;
  }>;
  usage: OpenAIUsage;
}

export interface OpenAIToolCallDelta {
  index: number;
  id?: string;
  type?: 'function' | 'custom';
  function?: { name?: string; arguments: string };
  /** A custom tool's call arrives whole in one delta. */
  custom?: { name: string; input: string };
  extra_content?: OpenAIToolCallExtraContent;
}

export interface OpenAIChunkDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: OpenAIToolCallDelta[];
  annotations?: OpenAIUrlCitation[];
}

/** A web source behind a span of `content` (indexes in characters of the whole content), as search models answer. */
export interface OpenAIUrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number };
}

export interface OpenAIChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint: null;
  choices: Array<{ index: 0; delta: OpenAIChunkDelta; logprobs: null; finish_reason: OpenAIFinishReason | null }>;
  usage?: OpenAIUsage | null;
}
