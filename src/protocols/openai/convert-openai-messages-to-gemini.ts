import { GatewayError } from '../../shared/gateway-error.js';
import { SKIP_THOUGHT_SIGNATURE, type GeminiContent, type GeminiPart } from '../gemini/gemini-api.js';
import { convertOpenAIContentPartToGemini } from './convert-openai-content-part-to-gemini.js';
import { convertToolResultTextToGemini } from './convert-tool-result-text-to-gemini.js';
import type { OpenAIChatMessage } from './openai-chat-api.js';
import { CUSTOM_TOOL_INPUT } from './build-custom-tool-parameters.js';
import { parseFunctionCallArguments } from './parse-function-call-arguments.js';

export interface ConvertedMessages {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
}

/**
 * Converts OpenAI chat messages to Gemini `contents` plus `systemInstruction`.
 *
 * - `system` / `developer` messages, wherever they appear, become system instruction parts.
 * - Tool results become `functionResponse` parts in a user turn; their function name is looked up from the
 *   assistant tool call with the same id, because OpenAI tool messages carry only the id.
 * - Consecutive turns of the same role are merged: Gemini requires user and model turns to alternate.
 * - Every `functionCall` gets a `thoughtSignature`: the one the client echoed back in
 *   `tool_calls[].extra_content.google.thought_signature`, else the skip sentinel, since Code Assist rejects
 *   function calls without one.
 */
export function convertOpenAIMessagesToGemini(messages: readonly OpenAIChatMessage[]): ConvertedMessages {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNamesById = new Map<string, string>();

  function appendTurn(role: 'user' | 'model', parts: GeminiPart[]): void {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) appendAll(last.parts, parts);
    else contents.push({ role, parts });
  }

  messages.forEach((message, index) => {
    const path = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        appendAll(systemParts, convertTextContent(message.content));
        break;
      case 'user': {
        if (typeof message.content === 'string') {
          appendTurn('user', convertTextContent(message.content));
          break;
        }
        const parts: GeminiPart[] = [];
        message.content.forEach((part, partIndex) => {
          const converted = convertOpenAIContentPartToGemini(part, `${path}.content[${partIndex}]`);
          if (converted !== undefined) parts.push(converted);
        });
        appendTurn('user', parts);
        break;
      }
      case 'assistant': {
        const parts: GeminiPart[] = [];
        if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
          parts.push({ text: message.reasoning_content, thought: true });
        }
        if (typeof message.content === 'string') appendAll(parts, convertTextContent(message.content));
        else if (Array.isArray(message.content)) {
          for (const part of message.content) {
            const text = part.type === 'text' ? part.text : part.refusal;
            if (text !== '') parts.push({ text });
          }
        }
        (message.tool_calls ?? []).forEach((toolCall, callIndex) => {
          // A custom tool's call was declared to Gemini as a function of one string, `input`.
          const custom = toolCall.type === 'custom' ? toolCall.custom : undefined;
          const name = custom?.name ?? toolCall.function?.name ?? '';
          toolNamesById.set(toolCall.id, name);
          const args =
            custom !== undefined
              ? { [CUSTOM_TOOL_INPUT]: custom.input }
              : parseFunctionCallArguments(toolCall.function?.arguments ?? '', `${path}.tool_calls[${callIndex}].function.arguments`);
          parts.push({
            functionCall: { name, args, id: toolCall.id },
            thoughtSignature: readThoughtSignature(toolCall.extra_content) ?? SKIP_THOUGHT_SIGNATURE,
          });
        });
        if (message.function_call) {
          const args = parseFunctionCallArguments(message.function_call.arguments, `${path}.function_call.arguments`);
          parts.push({
            functionCall: { name: message.function_call.name, args },
            thoughtSignature: SKIP_THOUGHT_SIGNATURE,
          });
        }
        appendTurn('model', parts);
        break;
      }
      case 'tool': {
        const name = toolNamesById.get(message.tool_call_id) ?? readName(message.name);
        if (name === undefined) {
          throw new GatewayError(
            'INVALID_REQUEST',
            `${path}.tool_call_id: no earlier assistant tool call has id ${JSON.stringify(message.tool_call_id.slice(0, 100))}`,
          );
        }
        const text = typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join('');
        appendTurn('user', [
          { functionResponse: { name, id: message.tool_call_id, response: { result: convertToolResultTextToGemini(text) } } },
        ]);
        break;
      }
      case 'function':
        appendTurn('user', [
          { functionResponse: { name: message.name, response: { result: convertToolResultTextToGemini(message.content ?? '') } } },
        ]);
        break;
    }
  });

  if (contents.length === 0) {
    // Gemini needs at least one turn; a conversation made only of instructions is sent as the user's turn.
    if (systemParts.length === 0) {
      throw new GatewayError('INVALID_REQUEST', 'messages: must contain at least one message with non-empty content');
    }
    return { contents: [{ role: 'user', parts: systemParts }] };
  }
  return systemParts.length === 0 ? { contents } : { contents, systemInstruction: { parts: systemParts } };
}

/** `target.push(...items)` overflows the stack for very large arrays (hostile bodies); a loop does not. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function convertTextContent(content: string | ReadonlyArray<{ text: string }>): GeminiPart[] {
  const texts = typeof content === 'string' ? [content] : content.map((part) => part.text);
  // Gemini rejects empty text parts.
  return texts.filter((text) => text !== '').map((text) => ({ text }));
}

function readThoughtSignature(extraContent: unknown): string | undefined {
  if (!isPlainObject(extraContent)) return undefined;
  const google = extraContent.google;
  if (!isPlainObject(google)) return undefined;
  const signature = google.thought_signature;
  return typeof signature === 'string' && signature !== '' ? signature : undefined;
}

function readName(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
