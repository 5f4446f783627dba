import { BoundedBytesCache } from '../shared/bounded-bytes-cache.js';
import { deepFreeze } from '../shared/deep-freeze.js';
import { decodeUtf8 } from '../shared/decode-utf8.js';
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
  /**
   * A short key that names the bytes of the top-level `tools` array, when the list is kept (see
   * `FastifyRequest.toolListKey`): the same key for the same bytes as long as the list stays in the cache below, and
   * never the same key for other bytes.
   */
  toolListKey?: string;
}

/**
 * The top-level members whose bytes are looked at while decoding: the tool list, the conversation of each protocol
 * (Anthropic and OpenAI chat `messages`, Responses `input`, Gemini `contents`) and the system prompt of the
 * protocols that send it apart (Anthropic `system`, Gemini `systemInstruction` in either spelling).
 */
const CAPTURED_MEMBERS = ['tools', 'messages', 'input', 'contents', 'system', 'systemInstruction', 'system_instruction'] as const;
const CONVERSATION_MEMBERS = ['messages', 'input', 'contents'] as const;
/**
 * Members kept whole, like a conversation's entries (same cache, same sizes): a client sends the same system prompt
 * with every turn (Claude Code 6–29 KB, Gemini CLI 30 KB, Qwen Code 18 KB). Only an array or an object is kept: a
 * string is parsed as fast as it would be looked up.
 */
const SYSTEM_MEMBERS: ReadonlySet<string> = new Set(['system', 'systemInstruction', 'system_instruction']);
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
/** Conversation entries shorter than this are parsed every time: looking them up would cost about as much. */
const MIN_KEPT_ENTRY_BYTES = 512;
/**
 * Nor are entries or tool lists longer than this kept: a pasted document or an image sent once would push out a
 * whole session's worth of entries, and copying its bytes into a key costs more than parsing it again would save.
 */
const MAX_KEPT_VALUE_BYTES = 256 * 1024;
/**
 * Kept entries are filed by this many first bytes (see `BoundedBytesCache`): entries of one kind begin alike
 * (`{"role":"assistant","content":[{"type":"thinking","thinking":"` is 62 bytes), and by 256 bytes their text or
 * their tool call's id tells them apart.
 */
const ENTRY_PREFIX_BYTES = 256;

/**
 * Parsed `tools` arrays, frozen, by their bytes. Clients send the same tool list with every request (Claude Code:
 * about 60 KB of its 75 KB first request), so a list parsed once is set into the next body with the same bytes
 * instead of being parsed again: JSON.parse reads the rest of the body, with `null` where the list was.
 */
const parsedToolLists = new BoundedBytesCache<KeptToolList>(64, 4 * 1024 * 1024);

interface KeptToolList {
  list: readonly unknown[];
  /** `ParsedJsonBody.toolListKey`: a number given once, so a key never names two lists. */
  key: string;
}

let toolListsKept = 0;

/**
 * Parsed conversation entries (messages, items, contents), frozen, by their bytes. Every turn of a conversation
 * sends the whole history again, so in a long session almost every message of a request was in the request before:
 * those are set into the body, and JSON.parse reads only the new ones.
 */
const parsedEntries = new BoundedBytesCache<unknown>(16_384, 16 * 1024 * 1024, ENTRY_PREFIX_BYTES);

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
  /** The index of a conversation entry; none for a system prompt, kept whole. */
  index?: number;
}

/**
 * Parses a JSON request body from its bytes: decoded and depth-checked in one pass (`decode-json-body.ts`), the
 * tool list and conversation entries already seen taken from the caches above. Throws an error with
 * `statusCode: 400` for a body nested deeper than `MAX_JSON_DEPTH` or that is not JSON; the message of a syntax
 * error names its position in the body as sent.
 */
export function parseJsonBody(body: Buffer): ParsedJsonBody {
  // Kept values the scan passed over, by where they start: they are omitted from the text JSON.parse reads.
  const found = new Map<number, unknown>();
  const findKnownValue = (bytes: Uint8Array, start: number, member: string, element: boolean): number => {
    // The tool list and the system prompt are kept whole; conversations by their entries.
    if (element === (member === 'tools' || SYSTEM_MEMBERS.has(member))) return -1;
    const kept = member === 'tools' ? parsedToolLists.findAt(bytes, start) : parsedEntries.findAt(bytes, start);
    if (kept === undefined) return -1;
    found.set(start, kept.value);
    return kept.end;
  };
  const scan = scanJsonBody(body, { stopAbove: MAX_JSON_DEPTH, captureMembers: CAPTURED_MEMBERS, findKnownValue });
  if (scan.depth > MAX_JSON_DEPTH) {
    throw Object.assign(new Error(`Invalid request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 });
  }
  const known: KnownValue[] = [];
  const newEntries: NewEntry[] = [];
  const toolsSpan = scan.members?.tools;
  const keepsTools = toolsSpan !== undefined && body[toolsSpan.start] === OPEN_ARRAY && toolsSpan.end - toolsSpan.start <= MAX_KEPT_VALUE_BYTES;
  // A list shorter than the caches' prefix is not found by the scan, only by its bytes here.
  const knownTools = keepsTools
    ? ((found.get(toolsSpan.start) as KeptToolList | undefined) ?? parsedToolLists.get(body.subarray(toolsSpan.start, toolsSpan.end)))
    : undefined;
  if (toolsSpan !== undefined && knownTools !== undefined) known.push({ range: toolsSpan, value: knownTools.list, member: 'tools' });
  for (const member of CONVERSATION_MEMBERS) {
    const elements = scan.members?.[member]?.elements;
    if (elements === undefined) continue;
    for (let offset = 0; offset < elements.length; offset += 3) {
      const [index, start, end] = [elements[offset], elements[offset + 1], elements[offset + 2]];
      if (found.has(start)) {
        known.push({ range: { start, end }, value: found.get(start), member, index });
      } else if (isKeptSize(end - start)) {
        newEntries.push({ key: body.subarray(start, end), member, index });
      }
    }
  }
  for (const member of SYSTEM_MEMBERS) {
    const span = scan.members?.[member];
    if (span === undefined) continue;
    if (found.has(span.start)) {
      known.push({ range: span, value: found.get(span.start), member });
    } else if ((body[span.start] === OPEN_ARRAY || body[span.start] === OPEN_OBJECT) && isKeptSize(span.end - span.start)) {
      newEntries.push({ key: body.subarray(span.start, span.end), member });
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
    return { value };
  }
  if (known.length === 0 && newEntries.length === 0 && !keepsTools) return { value };
  // Members are captured only in a top-level object.
  const record = value as Record<string, unknown>;
  // A name written twice keeps JSON.parse's last value, which may not be the one located: then the body is parsed
  // whole, as it was sent, and nothing is kept from it.
  if (!known.every((entry) => placeholderAt(record, entry))) return { value: JSON.parse(decodeUtf8(body)) as unknown };
  for (const entry of known) {
    if (entry.index === undefined) record[entry.member] = entry.value;
    else (record[entry.member] as unknown[])[entry.index] = entry.value;
  }
  let toolList = knownTools;
  if (keepsTools && toolList === undefined && Array.isArray(record.tools)) {
    toolList = { list: deepFreeze(record.tools), key: `tools#${++toolListsKept}` };
    parsedToolLists.set(body.subarray(toolsSpan.start, toolsSpan.end), toolList);
  }
  for (const entry of newEntries) {
    const holder = record[entry.member];
    if (entry.index === undefined) {
      if (typeof holder === 'object' && holder !== null) parsedEntries.set(entry.key, (record[entry.member] = deepFreeze(holder)));
    } else if (Array.isArray(holder)) {
      parsedEntries.set(entry.key, deepFreeze(holder[entry.index]));
    }
  }
  return toolList === undefined ? { value } : { value, toolListKey: toolList.key };
}

function isKeptSize(bytes: number): boolean {
  return bytes >= MIN_KEPT_ENTRY_BYTES && bytes <= MAX_KEPT_VALUE_BYTES;
}

/** Whether JSON.parse left the `null` written in place of a known value where that value goes. */
function placeholderAt(record: Record<string, unknown>, entry: KnownValue): boolean {
  const holder = record[entry.member];
  if (entry.index === undefined) return holder === null;
  return Array.isArray(holder) && entry.index < holder.length && holder[entry.index] === null;
}
