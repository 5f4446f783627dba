import type { GeminiPart } from '../gemini/gemini-api.js';
import { CUSTOM_TOOL_INPUT } from './build-custom-tool-parameters.js';
import type { OpenAIToolCall } from './openai-chat-api.js';

/**
 * Converts a Gemini `functionCall` part into an OpenAI tool call. `index` is the call's position in the answer
 * and names calls that Gemini left without an id. The part's thought signature travels to the client in the
 * vendor field `extra_content.google.thought_signature`, so a client that echoes it back lets agt return it
 * to Gemini with the next request. A call of one of `customToolNames` becomes a `custom` tool call carrying the text
 * of its `input` argument.
 */
export function convertGeminiFunctionCallToOpenAI(
  part: GeminiPart & { functionCall: NonNullable<GeminiPart['functionCall']> },
  index: number,
  customToolNames?: ReadonlySet<string>,
): OpenAIToolCall {
  const { functionCall } = part;
  const id = typeof functionCall.id === 'string' && functionCall.id !== '' ? functionCall.id : `call_${index}`;
  const extra: Pick<OpenAIToolCall, 'extra_content'> =
    typeof part.thoughtSignature === 'string' && part.thoughtSignature !== ''
      ? { extra_content: { google: { thought_signature: part.thoughtSignature } } }
      : {};
  if (customToolNames?.has(functionCall.name) === true) {
    // A custom tool was declared as a function of one string `input` (see build-custom-tool-parameters.ts).
    const input = functionCall.args?.[CUSTOM_TOOL_INPUT];
    return { id, type: 'custom', custom: { name: functionCall.name, input: typeof input === 'string' ? input : JSON.stringify(input ?? '') }, ...extra };
  }
  return { id, type: 'function', function: { name: functionCall.name, arguments: JSON.stringify(functionCall.args ?? {}) }, ...extra };
}
