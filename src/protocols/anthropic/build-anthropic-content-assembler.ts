import type { GeminiPart } from '../gemini/gemini-api.js';
import { readCitations, readWebSearchCall, type WebCitation, type WebSearchCall } from '../web-search/index.js';
import {
  formatAnthropicCitation,
  formatAnthropicWebSearchResults,
  formatServerToolUseId,
  type AnthropicWebSearchCitation,
  type AnthropicWebSearchResult,
} from './format-anthropic-web-search.js';
import { formatToolUseId } from './format-tool-use-id.js';

/** Longest `partial_json` piece of one `input_json_delta`. */
export const MAX_PARTIAL_JSON_LENGTH = 64;

export type AnthropicContentBlockStart =
  | { type: 'text'; text: ''; citations?: [] }
  | { type: 'thinking'; thinking: '' }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, never> }
  | { type: 'server_tool_use'; id: string; name: 'web_search'; input: Record<string, never> }
  | { type: 'web_search_tool_result'; tool_use_id: string; content: AnthropicWebSearchResult[] };

export type AnthropicContentDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'citations_delta'; citation: AnthropicWebSearchCitation };

/** The content-block events of an Anthropic stream; the message-level events belong to the encoder. */
export type AnthropicContentEvent =
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlockStart }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentDelta }
  | { type: 'content_block_stop'; index: number };

export interface AnthropicContentAssembler {
  /** Events for the parts of one Gemini chunk (or of a whole non-streamed response). */
  push(parts: unknown): AnthropicContentEvent[];
  /** Closes the block still open. */
  finish(): AnthropicContentEvent[];
  /** Whether a `tool_use` block was produced, which decides the `tool_use` stop reason. */
  hasToolUse(): boolean;
}

/**
 * The block currently open.
 * - `none`: nothing open; the next part starts a block.
 * - `text`: text deltas append to block `index`.
 * - `thinking`: thought deltas append to block `index` until a signature arrives; a signed block is closed at
 *   once, so thought text that follows starts a new block (each signature belongs to the thoughts before it).
 * tool_use blocks are never left open: Gemini sends each `functionCall` whole.
 */
type OpenBlock = { kind: 'none' } | { kind: 'text'; index: number } | { kind: 'thinking'; index: number };

/** What the last closed block was, for placing the signature a `functionCall` part carries. */
type LastBlock = 'none' | 'text' | 'thinking' | 'signed-thinking' | 'tool_use';

/**
 * Turns Gemini parts into Anthropic content-block events, shared by the stream encoder and the non-stream
 * converter so both apply the same rules:
 * - thought parts become `thinking` blocks and their `thoughtSignature` a `signature_delta`;
 * - non-thought text becomes `text` blocks, consecutive pieces merged;
 * - a `functionCall` becomes a `tool_use` block whose JSON arguments stream as `input_json_delta` pieces;
 * - a web search agt ran (`agtWebSearch` part) becomes a `server_tool_use` block and its `web_search_tool_result`,
 *   and a text part backed by search sources (`agtCitations`) its own `text` block with `citations`;
 * - when a `functionCall` carries the signature itself (Gemini 3 signs the call, not the thought), the signature
 *   is attached to the unsigned thinking block still open, or else travels in an empty signed `thinking` block
 *   placed before the `tool_use`, so the client echoes it back and the next request can sign the call with it.
 */
export function buildAnthropicContentAssembler(options: { messageId: string }): AnthropicContentAssembler {
  let open: OpenBlock = { kind: 'none' };
  let lastBlock: LastBlock = 'none';
  let nextIndex = 0;
  let toolUseCount = 0;
  let generatedIdCount = 0;

  function close(): AnthropicContentEvent[] {
    if (open.kind === 'none') return [];
    const index = open.index;
    lastBlock = open.kind;
    open = { kind: 'none' };
    return [{ type: 'content_block_stop', index }];
  }

  function openBlock(block: AnthropicContentBlockStart): { events: AnthropicContentEvent[]; index: number } {
    const events = close();
    const index = nextIndex++;
    events.push({ type: 'content_block_start', index, content_block: block });
    return { events, index };
  }

  function addText(text: string): AnthropicContentEvent[] {
    if (open.kind === 'text') return [{ type: 'content_block_delta', index: open.index, delta: { type: 'text_delta', text } }];
    const { events, index } = openBlock({ type: 'text', text: '' });
    open = { kind: 'text', index };
    events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    return events;
  }

  function addThought(thinking: string): AnthropicContentEvent[] {
    const delta: AnthropicContentDelta = { type: 'thinking_delta', thinking };
    if (open.kind === 'thinking') return [{ type: 'content_block_delta', index: open.index, delta }];
    const { events, index } = openBlock({ type: 'thinking', thinking: '' });
    open = { kind: 'thinking', index };
    events.push({ type: 'content_block_delta', index, delta });
    return events;
  }

  /** Signs the open thinking block, or an empty one opened for the purpose, and closes it. */
  function addSignature(signature: string): AnthropicContentEvent[] {
    let events: AnthropicContentEvent[] = [];
    let index: number;
    if (open.kind === 'thinking') {
      index = open.index;
    } else {
      ({ events, index } = openBlock({ type: 'thinking', thinking: '' }));
    }
    events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
    events.push({ type: 'content_block_stop', index });
    open = { kind: 'none' };
    lastBlock = 'signed-thinking';
    return events;
  }

  function addFunctionCall(part: GeminiPart): AnthropicContentEvent[] {
    const call = part.functionCall;
    if (call === undefined || call === null || typeof call !== 'object') return [];
    const events: AnthropicContentEvent[] = [];
    const signature = readString(part.thoughtSignature);
    const alreadySigned = open.kind === 'none' && lastBlock === 'signed-thinking';
    if (signature !== '' && !alreadySigned) events.push(...addSignature(signature));
    const name = readString(call.name);
    const id = readString(call.id) || formatToolUseId(options.messageId, generatedIdCount++);
    const start = openBlock({ type: 'tool_use', id, name, input: {} });
    events.push(...start.events);
    for (const piece of splitJson(serialiseArgs(call.args))) {
      events.push({ type: 'content_block_delta', index: start.index, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    events.push({ type: 'content_block_stop', index: start.index });
    lastBlock = 'tool_use';
    toolUseCount += 1;
    return events;
  }

  function addWebSearch(call: WebSearchCall): AnthropicContentEvent[] {
    const id = formatServerToolUseId(call);
    const use = openBlock({ type: 'server_tool_use', id, name: 'web_search', input: {} });
    const events = use.events;
    events.push({ type: 'content_block_delta', index: use.index, delta: { type: 'input_json_delta', partial_json: JSON.stringify({ query: call.query }) } });
    events.push({ type: 'content_block_stop', index: use.index });
    const result = openBlock({ type: 'web_search_tool_result', tool_use_id: id, content: formatAnthropicWebSearchResults(call) });
    events.push(...result.events, { type: 'content_block_stop', index: result.index });
    lastBlock = 'none';
    return events;
  }

  function addCitedText(text: string, citations: WebCitation[]): AnthropicContentEvent[] {
    const { events, index } = openBlock({ type: 'text', text: '', citations: [] });
    for (const citation of citations) {
      events.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation: formatAnthropicCitation(citation) } });
    }
    events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    events.push({ type: 'content_block_stop', index });
    lastBlock = 'text';
    return events;
  }

  function addPart(part: GeminiPart): AnthropicContentEvent[] {
    if (part.functionCall !== undefined) return addFunctionCall(part);
    const search = readWebSearchCall(part);
    if (search !== undefined) return addWebSearch(search);
    const text = readString(part.text);
    const citations = part.thought === true ? [] : readCitations(part);
    if (citations.length > 0 && text !== '') return addCitedText(text, citations);
    if (part.thought === true) {
      const events = text === '' ? [] : addThought(text);
      const signature = readString(part.thoughtSignature);
      if (signature !== '') events.push(...addSignature(signature));
      return events;
    }
    // Images, executable code and other part kinds have no Anthropic block; a text part's signature is optional.
    return text === '' ? [] : addText(text);
  }

  return {
    push(parts) {
      if (!Array.isArray(parts)) return [];
      const events: AnthropicContentEvent[] = [];
      for (const part of parts) {
        if (typeof part === 'object' && part !== null) events.push(...addPart(part as GeminiPart));
      }
      return events;
    },
    finish: close,
    hasToolUse: () => toolUseCount > 0,
  };
}

function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function serialiseArgs(args: unknown): string {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return '{}';
  try {
    return JSON.stringify(args);
  } catch {
    return '{}';
  }
}

/** Pieces of at most MAX_PARTIAL_JSON_LENGTH code units that never split a surrogate pair. */
function splitJson(json: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(start + MAX_PARTIAL_JSON_LENGTH, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(json.slice(start, end));
    start = end;
  }
  return pieces;
}
