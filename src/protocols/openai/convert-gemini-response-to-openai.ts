import type { GeminiPart, GeminiResponse } from '../gemini/gemini-api.js';
import { convertGeminiFunctionCallToOpenAI } from './convert-gemini-function-call-to-openai.js';
import { convertGeminiUsageToOpenAI } from './convert-gemini-usage-to-openai.js';
import { mapGeminiFinishReasonToOpenAI } from './map-gemini-finish-reason-to-openai.js';
import { formatInlineImage } from './format-inline-image.js';
import { formatUrlCitations } from './format-url-citations.js';
import type { OpenAIChatCompletion, OpenAIToolCall, OpenAIUrlCitation } from './openai-chat-api.js';

export interface ConvertGeminiResponseOptions {
  /** The model name the client asked for. */
  model: string;
  /** `chatcmpl-…` id chosen by the caller. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The request's `custom` tools, whose calls are answered as custom tool calls. */
  customToolNames?: ReadonlySet<string>;
}

/**
 * Converts a complete Gemini response into an OpenAI `chat.completion`. Thought parts become
 * `reasoning_content`, other text parts are joined into `content`, function calls become `tool_calls`, and text
 * backed by web search sources gets `url_citation` annotations. Images an image model drew join the content as
 * Markdown images with a `data:` URL.
 * Only the first candidate is read: agt asks for one (`n` > 1 is refused).
 */
export function convertGeminiResponseToOpenAI(
  response: GeminiResponse,
  options: ConvertGeminiResponseOptions,
): OpenAIChatCompletion {
  const candidate = response.candidates?.[0];
  const parts: GeminiPart[] = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
  let content = '';
  let reasoning = '';
  const toolCalls: OpenAIToolCall[] = [];
  const annotations: OpenAIUrlCitation[] = [];
  for (const part of parts) {
    if (part.functionCall) {
      toolCalls.push(convertGeminiFunctionCallToOpenAI({ ...part, functionCall: part.functionCall }, toolCalls.length, options.customToolNames));
    } else if (typeof part.text === 'string') {
      if (part.thought === true) {
        reasoning += part.text;
      } else {
        annotations.push(...formatUrlCitations(part, content.length));
        content += part.text;
      }
    } else if (part.thought !== true && typeof part.inlineData?.data === 'string') {
      content += formatInlineImage(part.inlineData);
    }
  }

  const message: OpenAIChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: content === '' ? null : content,
  };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (annotations.length > 0) message.annotations = annotations;

  // A prompt Gemini blocked comes back without candidates and with promptFeedback.blockReason.
  const promptBlocked = candidate === undefined && typeof response.promptFeedback?.blockReason === 'string';
  return {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: promptBlocked
          ? 'content_filter'
          : mapGeminiFinishReasonToOpenAI(candidate?.finishReason, toolCalls.length > 0),
      },
    ],
    usage: convertGeminiUsageToOpenAI(response.usageMetadata),
  };
}
