import { BoundedBytesCache } from '../shared/bounded-bytes-cache.js';
import { BoundedTextCache } from '../shared/bounded-text-cache.js';
import { deepFreeze } from '../shared/deep-freeze.js';
import { assembleJsonText, scanJsonBody, type OmittedRange } from './decode-json-body.js';

/**
 * Deepest array/object nesting accepted in a JSON body. Real requests (tool schemas, tool arguments) stay in
 * the tens; a hostile body nested thousands deep would overflow the stack of the recursive code behind the
 * parser (converters, JSON.stringify of the upstream envelope) and turn into a 500.
 */
export const MAX_JSON_DEPTH = 512;

export interface ParsedJsonBody {
  /** The parsed body; undefined for an empty body. */
  value: unknown;
  /** The bytes of the top-level `tools` array as Latin-1 text, when there is one (see `FastifyRequest.toolsSource`). */
  toolsSource?: string;
}

/**
 * The top-level members whose bytes are looked at while decoding: the tool list, and the conversation of each
 * protocol (Anthropic and OpenAI chat `messages`, Responses `input`, Gemini `contents`).
 */
const CAPTURED_MEMBERS = ['tools', 'messages', 'input', 'contents'] as const;
const CONVERSATION_MEMBERS = ['messages', 'input', 'contents'] as const;
const OPEN_ARRAY = 0x5b;
/** Conversation entries shorter than this are parsed every time: looking them up would cost about as much. */
const MIN_KEPT_ENTRY_BYTES = 512;
/**
 * Nor are entries or tool lists longer than this kept: a pasted document or an image sent once would push out a
 * whole session's worth of entries, and copying its bytes into a key costs more than parsing it again would save.
 */
const MAX_KEPT_VALUE_BYTES = 256 * 1024;

/**
 * Parsed `tools` arrays, frozen, by their bytes. Clients send the same tool list with every request (Claude Code:
 * about 60 KB of its 75 KB first request), so a list parsed once is set into the next body with the same bytes
 * instead of being parsed again: JSON.parse reads the rest of the body, with `null` where the list was.
 */
const parsedToolLists = new BoundedTextCache<readonly unknown[]>(64, 4 * 1024 * 1024);

/**
 * Parsed conversation entries (messages, items, contents), frozen, by their bytes. Every turn of a conversation
 * sends the whole history again, so in a long session almost every message of a request was in the request before:
 * those are set into the body, and JSON.parse reads only the new ones.
 */
const parsedEntries = new BoundedBytesCache<unknown>(16_384, 16 * 1024 * 1024);

interface KnownValue {
  range: OmittedRange;
  value: unknown;
  /** Where the value goes: the top-level member, and the index in it for a conversation entry. */
  member: string;
  index?: number;
}

interface NewEntry {
  key: Uint8Array;
  member: string;
  index: number;
}

/**
 * Parses a JSON request body from its bytes: decoded and depth-checked in one pass (`decode-json-body.ts`), the
 * tool list and conversation entries already seen taken from the caches above. Throws an error with
 * `statusCode: 400` for a body nested deeper than `MAX_JSON_DEPTH` or that is not JSON; the message of a syntax
 * error names its position in the body as sent.
 */
export function parseJsonBody(body: Buffer): ParsedJsonBody {
  const scan = scanJsonBody(body, { stopAbove: MAX_JSON_DEPTH, captureMembers: CAPTURED_MEMBERS });
  if (scan.depth > MAX_JSON_DEPTH) {
    throw Object.assign(new Error(`Invalid request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 });
  }
  const known: KnownValue[] = [];
  const newEntries: NewEntry[] = [];
  const toolsSpan = scan.members?.tools;
  const toolsSource =
    toolsSpan !== undefined && body[toolsSpan.start] === OPEN_ARRAY && toolsSpan.end - toolsSpan.start <= MAX_KEPT_VALUE_BYTES
      ? body.toString('latin1', toolsSpan.start, toolsSpan.end)
      : undefined;
  const knownTools = toolsSource === undefined ? undefined : parsedToolLists.get(toolsSource);
  if (toolsSpan !== undefined && knownTools !== undefined) known.push({ range: toolsSpan, value: knownTools, member: 'tools' });
  for (const member of CONVERSATION_MEMBERS) {
    const elements = scan.members?.[member]?.elements;
    if (elements === undefined) continue;
    for (let offset = 0; offset < elements.length; offset += 3) {
      const [index, start, end] = [elements[offset], elements[offset + 1], elements[offset + 2]];
      if (end - start < MIN_KEPT_ENTRY_BYTES || end - start > MAX_KEPT_VALUE_BYTES) continue;
      const key = body.subarray(start, end);
      const value = parsedEntries.get(key);
      if (value === undefined) newEntries.push({ key, member, index });
      else known.push({ range: { start, end }, value, member, index });
    }
  }
  known.sort((a, b) => a.range.start - b.range.start);
  const decoded = assembleJsonText(
    body,
    scan,
    known.map((entry) => entry.range),
  );
  if (decoded.exact && decoded.text.trim() === '') return { value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (error) {
    // The error names a position: it must be the one in the body as sent, not in its escaped form.
    const exactText = decoded.exact ? decoded.text : body.toString('utf8');
    if (exactText.trim() === '') return { value: undefined };
    try {
      value = JSON.parse(exactText);
    } catch (exactError) {
      const failure = (decoded.exact ? error : exactError) as Error & { statusCode?: number };
      failure.statusCode = 400;
      failure.message = `Invalid JSON body: ${failure.message}`;
      throw failure;
    }
    return toolsSource === undefined ? { value } : { value, toolsSource };
  }
  if (known.length === 0 && newEntries.length === 0 && toolsSource === undefined) return { value };
  // Members are captured only in a top-level object.
  const record = value as Record<string, unknown>;
  for (const entry of known) {
    if (entry.index === undefined) record[entry.member] = entry.value;
    else (record[entry.member] as unknown[])[entry.index] = entry.value;
  }
  if (toolsSource !== undefined && knownTools === undefined && Array.isArray(record.tools)) parsedToolLists.set(toolsSource, deepFreeze(record.tools));
  for (const entry of newEntries) {
    const list = record[entry.member];
    if (Array.isArray(list)) parsedEntries.set(entry.key, deepFreeze(list[entry.index]));
  }
  return toolsSource === undefined ? { value } : { value, toolsSource };
}
