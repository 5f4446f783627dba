import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { SKIP_THOUGHT_SIGNATURE, type GeminiContent, type GeminiPart } from '../gemini/gemini-api.js';
import { parseFunctionCallArguments } from '../openai/parse-function-call-arguments.js';
import { convertResponsesContentPartToGemini } from './convert-responses-content-part-to-gemini.js';
import { convertToolOutputToGemini } from './convert-tool-output-to-gemini.js';
import { formatGeminiFunctionName } from './format-gemini-function-name.js';
import { readThoughtSignature } from './format-encrypted-content.js';
import type { OpenAIResponsesRequest, ResponsesMessageItem, ResponsesReasoningItem } from './openai-responses-api.js';

export interface ConvertedResponsesInput {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
}

/**
 * Converts `instructions` and the input items to Gemini `contents` plus `systemInstruction`.
 *
 * - `instructions` and `system` / `developer` messages, wherever they appear, become system instruction parts.
 * - User messages and tool outputs are user turns, assistant messages, reasoning and calls are model turns;
 *   consecutive items of the same side are merged, since Gemini requires turns to alternate.
 * - A tool output is a `functionResponse` whose function name is looked up from the call with the same
 *   `call_id` earlier in the input (outputs carry only the id).
 * - Reasoning items written by agt carry the Gemini thought signature in `encrypted_content`: their summary is
 *   sent back as a signed thought, and every later call of the same model turn carries the signature. Calls
 *   without one get the skip sentinel, since Code Assist rejects unsigned function calls. Reasoning agt did not
 *   sign (another provider's) is dropped: Code Assist would refuse it as an invalid thought.
 */
export function convertResponsesInputToGemini(
  request: Pick<OpenAIResponsesRequest, 'items' | 'itemIndexes'>,
  instructions?: string | null,
): ConvertedResponsesInput {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const functionNamesByCallId = new Map<string, string>();
  let latestSignature: string | undefined;

  if (typeof instructions === 'string' && instructions !== '') systemParts.push({ text: instructions });

  function appendTurn(role: 'user' | 'model', parts: GeminiPart[]): void {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (role === 'user') latestSignature = undefined;
    if (last?.role === role) appendAll(last.parts, parts);
    else contents.push({ role, parts });
  }

  request.items.forEach((item, position) => {
    const path = `input[${request.itemIndexes[position] ?? position}]`;
    switch (item.type) {
      case 'message':
        if (item.role === 'system' || item.role === 'developer') appendAll(systemParts, keptParts(item, undefined, () => convertTextOnly(item)));
        else appendTurn(item.role === 'user' ? 'user' : 'model', keptParts(item, undefined, () => convertMessageContent(item, path)));
        break;
      case 'reasoning': {
        const signature = readThoughtSignature(item.encrypted_content);
        if (signature === undefined) break;
        latestSignature = signature;
        // A signature with no visible text (Gemini signs the call, not a thought) only travels on the call.
        appendTurn('model', keptParts(item, signature, () => {
          const text = readReasoningText(item);
          return text === '' ? [] : [{ text, thought: true, thoughtSignature: signature }];
        }));
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const name = formatGeminiFunctionName(item.name, item.namespace);
        const thoughtSignature = latestSignature ?? SKIP_THOUGHT_SIGNATURE;
        functionNamesByCallId.set(item.call_id, name);
        appendTurn('model', keptParts(item, thoughtSignature, () => {
          const args =
            item.type === 'function_call'
              ? parseFunctionCallArguments(item.arguments, `${path}.arguments`)
              : { input: item.input };
          return [{ functionCall: { name, args, id: item.call_id }, thoughtSignature }];
        }));
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const name = functionNamesByCallId.get(item.call_id);
        if (name === undefined) {
          throw new GatewayError(
            'INVALID_REQUEST',
            `${path}.call_id: no earlier function_call or custom_tool_call item has call_id ${JSON.stringify(item.call_id.slice(0, 100))}`,
          );
        }
        appendTurn('user', keptParts(item, name, () => {
          const { response, mediaParts } = convertToolOutputToGemini(item.output, `${path}.output`);
          return [{ functionResponse: { name, id: item.call_id, response } }, ...mediaParts];
        }));
        break;
      }
    }
  });

  if (contents.length === 0) {
    // Gemini needs at least one turn; a request made only of instructions is sent as the user's turn.
    if (systemParts.length === 0) {
      throw new GatewayError('INVALID_REQUEST', 'input: must contain at least one message with non-empty content');
    }
    return { contents: [{ role: 'user', parts: systemParts }] };
  }
  return systemParts.length === 0 ? { contents } : { contents, systemInstruction: { parts: systemParts } };
}

interface KeptItemParts {
  parts: readonly GeminiPart[];
  /** What else the parts were made from: the thought signature a call carries, the function name of an output. */
  context: string | undefined;
}

/**
 * Parts of input items that cannot change (validated items kept between requests, deep-frozen: see
 * `kept-values/keep-validated-values.ts`), by identity, with what else they were made from. Every turn of a Codex or
 * OpenCode session resends the whole input, so the items of earlier turns are converted once; their parts are
 * frozen and their JSON encoded once (`rememberJsonBytes`), so they are not serialized again either.
 */
const keptItemParts = new WeakMap<object, KeptItemParts>();

/** A fresh array of the item's parts (the caller adds to it), converted once for a kept item in the same context. */
function keptParts(item: object, context: string | undefined, convert: () => GeminiPart[]): GeminiPart[] {
  if (!Object.isFrozen(item)) return convert();
  const kept = keptItemParts.get(item);
  if (kept !== undefined && kept.context === context) return [...kept.parts];
  const parts = convert();
  for (const part of parts) rememberJsonBytes(deepFreeze(part));
  keptItemParts.set(item, { parts: Object.freeze([...parts]), context });
  return parts;
}

function convertMessageContent(item: ResponsesMessageItem, path: string): GeminiPart[] {
  if (typeof item.content === 'string') return item.content === '' ? [] : [{ text: item.content }];
  const parts: GeminiPart[] = [];
  item.content.forEach((part, index) => {
    const converted = convertResponsesContentPartToGemini(part, `${path}.content[${index}]`);
    if (converted !== undefined) parts.push(converted);
  });
  return parts;
}

/** System instructions are text; images or files in a system message have nowhere to go and are left out. */
function convertTextOnly(item: ResponsesMessageItem): GeminiPart[] {
  if (typeof item.content === 'string') return item.content === '' ? [] : [{ text: item.content }];
  const parts: GeminiPart[] = [];
  for (const part of item.content) {
    const text = part.type === 'input_text' || part.type === 'output_text' ? part.text : part.type === 'refusal' ? part.refusal : '';
    if (text !== '') parts.push({ text });
  }
  return parts;
}

function readReasoningText(item: ResponsesReasoningItem): string {
  const summary = (item.summary ?? []).map((part) => part.text).filter((text) => text !== '');
  if (summary.length > 0) return summary.join('\n\n');
  return (item.content ?? []).map((part) => part.text).join('');
}

/** `target.push(...items)` overflows the stack for very large arrays (hostile bodies); a loop does not. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
