import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import { SKIP_THOUGHT_SIGNATURE, type GeminiContent, type GeminiPart } from '../gemini/gemini-api.js';
import { readAnthropicWebSearchResultText } from './format-anthropic-web-search.js';
import type {
  AnthropicContentBlock,
  AnthropicRequestMessage,
  AnthropicSearchResultBlock,
  AnthropicToolResultContentBlock,
} from './anthropic-messages-api.js';

/**
 * Converts Anthropic `messages` to Gemini `contents`: `assistant` becomes `model`, consecutive turns of the same
 * role merge into one, and turns left without parts are dropped (Gemini rejects empty `parts`).
 *
 * Two rules keep Code Assist from answering 400 "Invalid signature in thinking block" forever:
 * - a thinking block is sent as a thought only when it carries a signature; an unsigned one becomes plain text;
 * - every `functionCall` part carries a `thoughtSignature`: the one of the closest signed thinking block before it
 *   in the same assistant message, else the `skip_thought_signature_validator` sentinel.
 *
 * `role: "system"` entries (Claude Code's mid-conversation system messages) become user text wrapped in
 * `<system-reminder>` at the place they were sent: see `wrapSystemReminder`.
 *
 * Fields such as `cache_control` and `citations` are never copied, because parts are built field by field.
 */
export function convertAnthropicMessagesToGemini(messages: AnthropicRequestMessage[]): GeminiContent[] {
  const toolNamesById = collectToolNames(messages);
  const contents: GeminiContent[] = [];
  let reminders: GeminiPart[] = [];
  const append = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const previous = contents.at(-1);
    if (previous !== undefined && previous.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    if (message.role === 'system') {
      reminders.push(...wrapSystemReminder(message.content));
      continue;
    }
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = convertMessage(message, toolNamesById);
    if (reminders.length > 0) {
      if (role === 'user') {
        // Tool results must open the turn that follows the calls; the reminder comes right after them.
        const results = countLeadingToolResultParts(parts);
        parts.splice(results, 0, ...reminders);
      } else {
        append('user', reminders);
      }
      reminders = [];
    }
    append(role, parts);
  }
  append('user', reminders);
  return contents;
}

/**
 * A `role: "system"` entry as the backend can take it: a user text part wrapped in `<system-reminder>` tags, at
 * the position the client put it. This is what Claude Code itself sends in place of these entries for the models
 * it knows (and what CLIProxyAPI does), so the model reads the same words at the same point of the conversation.
 * Merging them into `systemInstruction` instead (Antigravity Tools' choice) would move text that describes the
 * state at one turn to the start of the prompt, and rewrite the system instruction, the head of every later
 * request, each time a new one appears, so the backend's prompt cache would miss from the first token on.
 */
function wrapSystemReminder(content: AnthropicRequestMessage['content']): GeminiPart[] {
  const texts = typeof content === 'string' ? [content] : content.flatMap((block) => readBlockText(block));
  const text = texts.filter((piece) => piece.trim() !== '').join('\n');
  return text === '' ? [] : [{ text: `<system-reminder>\n${text}\n</system-reminder>` }];
}

interface KeptConversion {
  parts: readonly GeminiPart[];
  /** The name each `tool_result` of the message took from the history's `tool_use` blocks (undefined: none found). */
  toolNames: readonly (readonly [id: string, name: string | undefined])[];
}

/**
 * Conversions of messages that cannot change (validated history entries kept between requests, deep-frozen: see
 * `kept-values/keep-validated-values.ts`), by identity. A message's parts depend on nothing but the message and the
 * names its tool results find in the rest of the history, which are checked again on every use. The parts are
 * frozen and their JSON encoded once, so a long conversation's history is neither converted nor serialized again on
 * every turn.
 */
const keptConversions = new WeakMap<AnthropicRequestMessage, KeptConversion>();

/** A fresh array of the message's parts (callers add to it). */
function convertMessage(message: AnthropicRequestMessage, toolNamesById: Map<string, string>): GeminiPart[] {
  const content = message.content;
  if (!Object.isFrozen(message)) return typeof content === 'string' ? convertText(content) : convertBlocks(content, toolNamesById);
  const kept = keptConversions.get(message);
  if (kept !== undefined && kept.toolNames.every(([id, name]) => toolNamesById.get(id) === name)) return [...kept.parts];
  const parts = typeof content === 'string' ? convertText(content) : convertBlocks(content, toolNamesById);
  const toolNames =
    typeof content === 'string'
      ? []
      : content.flatMap((block) => (block.type === 'tool_result' ? [[block.tool_use_id, toolNamesById.get(block.tool_use_id)] as const] : []));
  for (const part of parts) rememberJsonBytes(deepFreeze(part));
  keptConversions.set(message, { parts: Object.freeze([...parts]), toolNames });
  return parts;
}

function readBlockText(block: AnthropicContentBlock): string[] {
  if (block.type === 'text') return [block.text];
  if (block.type === 'search_result') return [formatSearchResult(block)];
  return [];
}

/** Function responses and the media that belong to them, at the start of a user turn's parts. */
function countLeadingToolResultParts(parts: GeminiPart[]): number {
  let count = 0;
  while (count < parts.length) {
    const part = parts[count];
    if (part.functionResponse === undefined && (count === 0 || (part.inlineData === undefined && part.fileData === undefined))) break;
    count++;
  }
  return count;
}

function collectToolNames(messages: AnthropicRequestMessage[]): Map<string, string> {
  const toolNamesById = new Map<string, string>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_use') toolNamesById.set(block.id, block.name);
    }
  }
  return toolNamesById;
}

function convertBlocks(blocks: AnthropicContentBlock[], toolNamesById: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let latestSignature: string | undefined;
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        parts.push(...convertText(block.text));
        break;
      case 'image':
      case 'document':
        parts.push(convertMedia(block));
        break;
      case 'tool_use':
        parts.push({
          functionCall: { name: block.name, args: block.input, id: block.id },
          thoughtSignature: latestSignature ?? SKIP_THOUGHT_SIGNATURE,
        });
        break;
      case 'tool_result':
        parts.push(...convertToolResult(block, toolNamesById));
        break;
      case 'thinking': {
        const signature = block.signature ?? '';
        if (signature === '') {
          parts.push(...convertText(block.thinking));
          break;
        }
        latestSignature = signature;
        // A signature with no visible text (Gemini 3 signs the call, not a thought) only travels on the call.
        if (block.thinking !== '') parts.push({ text: block.thinking, thought: true, thoughtSignature: signature });
        break;
      }
      case 'search_result':
        parts.push(...convertText(formatSearchResult(block)));
        break;
      case 'server_tool_use':
      case 'web_search_tool_result':
        parts.push(...convertText(describeWebSearchHistory(block)));
        break;
      case 'redacted_thinking':
      case 'unsupported':
        break;
    }
  }
  return parts;
}

/**
 * A web search in the history (agt's, or Anthropic's own) as text the model can read: the query, then each result's
 * title, URL and, for agt's results, the text the source supported (kept in `encrypted_content`).
 */
function describeWebSearchHistory(block: { type: 'server_tool_use' | 'web_search_tool_result'; [key: string]: unknown }): string {
  if (block.type === 'server_tool_use') {
    const query = typeof block.input === 'object' && block.input !== null ? (block.input as { query?: unknown }).query : undefined;
    return typeof query === 'string' && query !== '' ? `(Searched the web for: ${query})` : '';
  }
  if (!Array.isArray(block.content)) return '';
  const lines = block.content.map((result) => `- ${readAnthropicWebSearchResultText(result)}`);
  return lines.length === 0 ? '' : `(Web search results:\n${lines.join('\n')})`;
}

function convertText(text: string): GeminiPart[] {
  return text === '' ? [] : [{ text }];
}

type MediaBlock = Extract<AnthropicContentBlock, { type: 'image' | 'document' }>;

function convertMedia(block: MediaBlock): GeminiPart {
  const source = block.source;
  switch (source.type) {
    case 'base64':
      return { inlineData: { mimeType: source.media_type, data: source.data } };
    case 'url':
      return { fileData: { mimeType: guessMimeType(source.url, block.type), fileUri: source.url } };
    case 'text':
      return { text: source.data };
  }
}

/** Gemini wants a MIME type with `fileData`; Anthropic URL sources carry none. */
function guessMimeType(url: string, blockType: MediaBlock['type']): string {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  switch (extension) {
    case 'png':
      return 'image/png';
    case 'gif':
      return 'image/gif';
    case 'webp':
      return 'image/webp';
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'pdf':
      return 'application/pdf';
    default:
      return blockType === 'image' ? 'image/jpeg' : 'application/pdf';
  }
}

type ToolResultBlock = Extract<AnthropicContentBlock, { type: 'tool_result' }>;

/**
 * A tool result becomes one `functionResponse` whose `name` comes from the matching `tool_use` (Gemini pairs them
 * by name; the id is a fallback for a result whose call is no longer in the history). Images and documents in
 * the result follow it as extra parts of the same user turn.
 */
function convertToolResult(block: ToolResultBlock, toolNamesById: Map<string, string>): GeminiPart[] {
  const texts: string[] = [];
  const mediaParts: GeminiPart[] = [];
  const content: string | AnthropicToolResultContentBlock[] = block.content ?? '';
  if (typeof content === 'string') {
    texts.push(content);
  } else {
    for (const item of content) {
      switch (item.type) {
        case 'text':
          texts.push(item.text);
          break;
        case 'tool_reference':
          texts.push(`Tool ${item.tool_name} is loaded and can be called now.`);
          break;
        case 'search_result':
          texts.push(formatSearchResult(item));
          break;
        case 'unsupported':
          break;
        default:
          if (item.source.type === 'text') texts.push(item.source.data);
          else mediaParts.push(convertMedia(item));
      }
    }
  }
  const text = texts.join('\n');
  return [
    {
      functionResponse: {
        name: toolNamesById.get(block.tool_use_id) ?? block.tool_use_id,
        id: block.tool_use_id,
        response: block.is_error === true ? { error: text } : { result: text },
      },
    },
    ...mediaParts,
  ];
}

/** A client-supplied search hit as text: its title and source, then its text blocks. */
function formatSearchResult(block: AnthropicSearchResultBlock): string {
  const heading = [block.title, block.source].filter((piece) => typeof piece === 'string' && piece !== '').join(' — ');
  const body = (block.content ?? []).map((item) => item.text).filter((text) => text !== '');
  return [heading, ...body].filter((piece) => piece !== '').join('\n');
}
