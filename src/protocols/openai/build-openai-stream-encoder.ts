import { formatSseEvent } from '../../shared/sse.js';
import type { GeminiPart, GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-api.js';
import type { ProtocolError } from '../protocol-error.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { convertGeminiFunctionCallToOpenAI } from './convert-gemini-function-call-to-openai.js';
import { convertGeminiUsageToOpenAI } from './convert-gemini-usage-to-openai.js';
import { formatInlineImage } from './format-inline-image.js';
import { formatUrlCitations } from './format-url-citations.js';
import { mapGeminiFinishReasonToOpenAI } from './map-gemini-finish-reason-to-openai.js';
import { mapProtocolErrorKindToOpenAI } from './map-protocol-error-kind-to-openai.js';
import type { OpenAIChatCompletionChunk, OpenAIChunkDelta, OpenAIFinishReason } from './openai-chat-api.js';

/**
 * Tool-call arguments are streamed in pieces of at most this many UTF-16 units, like OpenAI does, so clients
 * that accumulate `function.arguments` deltas are exercised the way they expect.
 */
const MAX_ARGUMENTS_PIECE_LENGTH = 64;

export interface BuildOpenAIStreamEncoderOptions {
  /** The model name the client asked for. */
  model: string;
  /** `chatcmpl-…` id shared by every chunk. */
  id: string;
  /** Unix seconds, shared by every chunk. */
  created: number;
  /** `stream_options.include_usage`: send a last chunk with `choices: []` and `usage`. */
  includeUsage: boolean;
  /** The request's `custom` tools: their calls go out whole, in one `type: "custom"` delta. */
  customToolNames?: ReadonlySet<string>;
}

/**
 * - `waiting`: nothing sent yet; the `role: "assistant"` chunk goes out with the first content (or at the end),
 *   so an upstream chunk that carries nothing produces no bytes.
 * - `streaming`: the role chunk is out; content, reasoning and tool-call chunks follow.
 * - `ended`: `finish()` or `fail()` ran; every later call returns "".
 */
type EncoderPhase = 'waiting' | 'streaming' | 'ended';

/**
 * Encodes Gemini stream chunks as OpenAI `chat.completion.chunk` SSE frames: text → `delta.content`, thoughts →
 * `delta.reasoning_content`, each function call → a tool-call header chunk and argument pieces; text backed by web
 * search sources carries its `url_citation` annotations in the same delta. The finish reason
 * and usage are held until `finish()`, because Gemini may still send text in the chunk that carries them.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function buildOpenAIStreamEncoder(options: BuildOpenAIStreamEncoderOptions): StreamEncoder {
  let phase: EncoderPhase = 'waiting';
  let toolCallCount = 0;
  let finishReason: string | undefined;
  let promptBlocked = false;
  let usage: GeminiUsageMetadata | undefined;
  /** Characters of `content` sent so far, where the next citation's indexes start. */
  let contentLength = 0;

  function formatChunk(delta: OpenAIChunkDelta, reason: OpenAIFinishReason | null = null): string {
    const chunk: OpenAIChatCompletionChunk = {
      id: options.id,
      object: 'chat.completion.chunk',
      created: options.created,
      model: options.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: reason }],
    };
    // OpenAI sends `usage: null` on every chunk but the last when usage was asked for.
    if (options.includeUsage) chunk.usage = null;
    return formatSseEvent(JSON.stringify(chunk));
  }

  function formatRoleChunkOnce(): string {
    if (phase !== 'waiting') return '';
    phase = 'streaming';
    return formatChunk({ role: 'assistant', content: '' });
  }

  function formatToolCall(part: GeminiPart & { functionCall: NonNullable<GeminiPart['functionCall']> }): string {
    const index = toolCallCount;
    toolCallCount += 1;
    const toolCall = convertGeminiFunctionCallToOpenAI(part, index, options.customToolNames);
    const extra = toolCall.extra_content === undefined ? {} : { extra_content: toolCall.extra_content };
    if (toolCall.type === 'custom') {
      return formatChunk({ tool_calls: [{ index, id: toolCall.id, type: 'custom', custom: toolCall.custom, ...extra }] });
    }
    let text = formatChunk({
      tool_calls: [
        {
          index,
          id: toolCall.id,
          type: 'function',
          function: { name: toolCall.function.name, arguments: '' },
          ...extra,
        },
      ],
    });
    for (const piece of splitArguments(toolCall.function.arguments)) {
      text += formatChunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    return text;
  }

  return {
    push(response: GeminiResponse): string {
      if (phase === 'ended') return '';
      const candidate = response.candidates?.[0];
      if (typeof candidate?.finishReason === 'string') finishReason = candidate.finishReason;
      if (response.usageMetadata !== undefined) usage = response.usageMetadata;
      if (candidate === undefined && typeof response.promptFeedback?.blockReason === 'string') promptBlocked = true;

      const parts: GeminiPart[] = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
      let text = '';
      for (const part of parts) {
        if (part.functionCall) {
          text += formatRoleChunkOnce() + formatToolCall({ ...part, functionCall: part.functionCall });
        } else if (typeof part.text === 'string' && part.text !== '') {
          // Gemini sends signature-only parts with empty text; they have nothing to show.
          text += formatRoleChunkOnce();
          if (part.thought === true) {
            text += formatChunk({ reasoning_content: part.text });
          } else {
            const annotations = formatUrlCitations(part, contentLength);
            contentLength += part.text.length;
            text += formatChunk(annotations.length > 0 ? { content: part.text, annotations } : { content: part.text });
          }
        } else if (part.thought !== true && typeof part.inlineData?.data === 'string') {
          const image = formatInlineImage(part.inlineData);
          contentLength += image.length;
          text += formatRoleChunkOnce() + formatChunk({ content: image });
        }
      }
      return text;
    },

    finish(): string {
      if (phase === 'ended') return '';
      let text = formatRoleChunkOnce();
      phase = 'ended';
      const reason = promptBlocked ? 'content_filter' : mapGeminiFinishReasonToOpenAI(finishReason, toolCallCount > 0);
      text += formatChunk({}, reason);
      if (options.includeUsage) {
        const usageChunk: OpenAIChatCompletionChunk = {
          id: options.id,
          object: 'chat.completion.chunk',
          created: options.created,
          model: options.model,
          system_fingerprint: null,
          choices: [],
          usage: convertGeminiUsageToOpenAI(usage),
        };
        text += formatSseEvent(JSON.stringify(usageChunk));
      }
      return text + formatSseEvent('[DONE]');
    },

    fail(error: ProtocolError): string {
      if (phase === 'ended') return '';
      phase = 'ended';
      // openai-node throws APIError for a mid-stream `{"error":…}` event; no [DONE] follows a failure.
      const { type, code } = mapProtocolErrorKindToOpenAI(error.kind);
      return formatSseEvent(JSON.stringify({ error: { message: error.message, type, code } }));
    },
  };
}

/** Splits JSON text into pieces of at most MAX_ARGUMENTS_PIECE_LENGTH units without cutting a surrogate pair. */
function splitArguments(argumentsText: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < argumentsText.length) {
    let end = Math.min(start + MAX_ARGUMENTS_PIECE_LENGTH, argumentsText.length);
    const last = argumentsText.charCodeAt(end - 1);
    if (end < argumentsText.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(argumentsText.slice(start, end));
    start = end;
  }
  return pieces;
}
