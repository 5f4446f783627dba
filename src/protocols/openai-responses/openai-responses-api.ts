import { z } from 'zod';

/**
 * OpenAI Responses API wire shapes (`POST /v1/responses`). Limited on purpose to the fields agt reads: objects are
 * `looseObject`s, so fields we do not know are kept and ignored rather than rejected, and optional scalars accept
 * `null` because clients send explicit nulls for unset options. Input items and tools are validated one by one by
 * their `type` (see `parse-openai-responses-request.ts`), so an unknown item or hosted tool can be skipped while a
 * malformed known one is refused naming its field.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */

const nonEmptyString = z.string().min(1, { error: 'must be a non-empty string' });

// ---------------------------------------------------------------------------------------------------------------
// Request: top level
// ---------------------------------------------------------------------------------------------------------------

export const openAIResponsesRequestSchema = z.looseObject({
  model: nonEmptyString,
  input: z.union([z.string(), z.array(z.unknown())], { error: 'must be a string or an array of input items' }).nullish(),
  instructions: z.string().nullish(),
  tools: z.array(z.unknown(), { error: 'must be an array of tools' }).nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.string() })], {
      error: 'must be "none", "auto", "required" or an object with a "type"',
    })
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive({ error: 'must be a positive integer' }).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  text: z
    .looseObject({
      format: z
        .discriminatedUnion(
          'type',
          [
            z.looseObject({ type: z.literal('text') }),
            z.looseObject({ type: z.literal('json_object') }),
            z.looseObject({
              type: z.literal('json_schema'),
              name: z.string().nullish(),
              schema: z.record(z.string(), z.unknown()).nullish(),
            }),
          ],
          { error: 'must be one of "text", "json_object", "json_schema"' },
        )
        .nullish(),
    })
    .nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  background: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
  include: z.array(z.string()).nullish(),
  // OpenAI's metadata is string keys to string values; it is echoed back as sent.
  metadata: z.record(z.string(), z.string()).nullish(),
});

export type OpenAIResponsesRequestBody = z.infer<typeof openAIResponsesRequestSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Request: content parts and input items
// ---------------------------------------------------------------------------------------------------------------

const inputTextPartSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const inputImagePartSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFilePartSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_url: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});
const inputAudioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: nonEmptyString }),
});
const outputTextPartSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const INPUT_PART_TYPES = '"input_text", "input_image", "input_file", "input_audio"';

export const inputContentPartSchema = z.discriminatedUnion(
  'type',
  [inputTextPartSchema, inputImagePartSchema, inputFilePartSchema, inputAudioPartSchema],
  { error: `unsupported content part type; expected one of ${INPUT_PART_TYPES}` },
);

const messageContentPartSchema = z.discriminatedUnion(
  'type',
  [inputTextPartSchema, inputImagePartSchema, inputFilePartSchema, inputAudioPartSchema, outputTextPartSchema, refusalPartSchema],
  { error: `unsupported content part type; expected one of ${INPUT_PART_TYPES}, "output_text", "refusal"` },
);

export type ResponsesInputContentPart = z.infer<typeof inputContentPartSchema>;
export type ResponsesMessageContentPart = z.infer<typeof messageContentPartSchema>;

const toolOutputSchema = z.union([z.string(), z.array(inputContentPartSchema)], {
  error: 'must be a string or an array of input_text / input_image / input_file parts',
});

export const messageItemSchema = z.looseObject({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer'], { error: 'must be "user", "assistant", "system" or "developer"' }),
  content: z.union([z.string(), z.array(messageContentPartSchema)], { error: 'must be a string or an array of content parts' }),
});

export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: nonEmptyString,
  name: nonEmptyString,
  // The spec says a JSON string; a few clients send the object itself.
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'must be a JSON string' }),
  namespace: z.string().nullish(),
});

export const functionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: nonEmptyString,
  output: toolOutputSchema,
});

export const customToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: nonEmptyString,
  name: nonEmptyString,
  input: z.string(),
  namespace: z.string().nullish(),
});

export const customToolCallOutputItemSchema = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  call_id: nonEmptyString,
  output: toolOutputSchema,
});

export const reasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

export type ResponsesMessageItem = z.infer<typeof messageItemSchema>;
export type ResponsesFunctionCallItem = z.infer<typeof functionCallItemSchema>;
export type ResponsesFunctionCallOutputItem = z.infer<typeof functionCallOutputItemSchema>;
export type ResponsesCustomToolCallItem = z.infer<typeof customToolCallItemSchema>;
export type ResponsesCustomToolCallOutputItem = z.infer<typeof customToolCallOutputItemSchema>;
export type ResponsesReasoningItem = z.infer<typeof reasoningItemSchema>;

/** The input items agt converts; other item types (hosted-tool call records and the like) are skipped. */
export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | ResponsesReasoningItem;

// ---------------------------------------------------------------------------------------------------------------
// Request: tools
// ---------------------------------------------------------------------------------------------------------------

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: nonEmptyString,
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
});

export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  name: nonEmptyString,
  description: z.string().nullish(),
  format: z.looseObject({ type: z.string(), syntax: z.string().nullish(), definition: z.string().nullish() }).nullish(),
});

export const namespaceToolSchema = z.looseObject({
  type: z.literal('namespace'),
  name: nonEmptyString,
  description: z.string().nullish(),
  tools: z.array(
    z.discriminatedUnion('type', [functionToolSchema, customToolSchema], {
      error: 'unsupported tool type in a namespace; expected "function" or "custom"',
    }),
  ),
});

export type ResponsesFunctionTool = z.infer<typeof functionToolSchema>;
export type ResponsesCustomTool = z.infer<typeof customToolSchema>;
export type ResponsesNamespaceTool = z.infer<typeof namespaceToolSchema>;

/** The tools agt converts; `web_search` asks for Google Search grounding, hosted tools of other types are skipped. */
export type ResponsesTool = ResponsesFunctionTool | ResponsesCustomTool | ResponsesNamespaceTool | { type: 'web_search' };

// ---------------------------------------------------------------------------------------------------------------
// The validated request
// ---------------------------------------------------------------------------------------------------------------

/** A validated request: the top level as sent, plus the input items and tools agt understands. */
export interface OpenAIResponsesRequest {
  body: OpenAIResponsesRequestBody;
  /** `input` as items (a string input is one user message). */
  items: ResponsesInputItem[];
  /** The `input` index of each entry of `items`, for error messages. */
  itemIndexes: number[];
  tools: ResponsesTool[];
  /** Whether `tools` holds tools declared by the input (`additional_tools` items) besides the body's `tools`. */
  toolsFromInput: boolean;
  /**
   * Types of the tools only OpenAI's platform runs or represents (`file_search`, `code_interpreter`, `mcp`,
   * `image_generation`, `computer_use_preview`, `local_shell`…), left out of the upstream request and named in the
   * response header `x-agt-dropped-tools`.
   */
  droppedTools: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------------------------

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: ResponsesUrlCitation[];
  logprobs: never[];
}

/** A web source behind a span of the text (character indexes), as OpenAI's web search answers. */
export interface ResponsesUrlCitation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}

/** A web search agt ran for the model (Google Search), as OpenAI's hosted `web_search` tool reports it. */
export interface ResponsesOutputWebSearchCall {
  type: 'web_search_call';
  id: string;
  status: 'in_progress' | 'searching' | 'completed' | 'failed';
  action: { type: 'search'; query: string; sources?: Array<{ type: 'url'; url: string }> };
}

export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: 'in_progress' | 'completed' | 'incomplete';
  content: ResponsesOutputText[];
}

export interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
}

export interface ResponsesOutputReasoning {
  type: 'reasoning';
  id: string;
  summary: ResponsesSummaryText[];
  /** agt's own wrapping of the Gemini thought signature (see `format-thought-signature.ts`). */
  encrypted_content?: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

export interface ResponsesOutputFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export interface ResponsesOutputCustomToolCall {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

export interface ResponsesOutputImageGeneration {
  type: 'image_generation_call';
  id: string;
  status: 'in_progress' | 'completed';
  result: string | null;
}

export type ResponsesOutputItem =
  | ResponsesOutputMessage
  | ResponsesOutputReasoning
  | ResponsesOutputFunctionCall
  | ResponsesOutputCustomToolCall
  | ResponsesOutputImageGeneration
  | ResponsesOutputWebSearchCall;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesError {
  /** The two codes of OpenAI's list that describe gateway failures. */
  code: 'server_error' | 'rate_limit_exceeded';
  message: string;
}

/** Request settings echoed back in every Response object, as OpenAI does. */
export interface ResponsesEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: Record<string, unknown> };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
}

export interface ResponsesResponse extends ResponsesEcho {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  background: false;
  error: ResponsesError | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: ResponsesOutputItem[];
  previous_response_id: null;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
}

/** One streaming event before the encoder stamps its `sequence_number`. */
export type ResponsesStreamEvent = { type: string } & Record<string, unknown>;
