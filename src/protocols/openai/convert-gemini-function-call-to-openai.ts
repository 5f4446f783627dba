import type { GeminiPart } from '../gemini/gemini-api.js';
import type { OpenAIToolCall } from './openai-chat-api.js';

/**
 * Converts a Gemini `functionCall` part into an OpenAI tool call. `index` is the call's position in the answer
 * and names calls that Gemini left without an id. The part's thought signature travels to the client in the
 * vendor field `extra_content.google.thought_signature`, so a client that echoes it back lets agt return it
 * to Gemini with the next request.
 */
export function convertGeminiFunctionCallToOpenAI(
  part: GeminiPart & { functionCall: NonNullable<GeminiPart['functionCall']> },
  index: number,
): OpenAIToolCall {
  const { functionCall } = part;
  const toolCall: OpenAIToolCall = {
    id: typeof functionCall.id === 'string' && functionCall.id !== '' ? functionCall.id : `call_${index}`,
    type: 'function',
    function: { name: functionCall.name, arguments: JSON.stringify(functionCall.args ?? {}) },
  };
  if (typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '') {
    toolCall.extra_content = { google: { thought_signature: part.thoughtSignature } };
  }
  return toolCall;
}
