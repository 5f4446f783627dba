import { BoundedTextCache } from '../shared/bounded-text-cache.js';
import { deepFreeze } from '../shared/deep-freeze.js';
import { assembleJsonText, scanJsonBody } from './decode-json-body.js';

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

const TOOLS_MEMBER = ['tools'] as const;
const OPEN_ARRAY = 0x5b;

/**
 * Parsed `tools` arrays, frozen, by their bytes. Clients send the same tool list with every request (Claude Code:
 * about 60 KB of its 75 KB first request), so a list parsed once is set into the next body with the same bytes
 * instead of being parsed again: JSON.parse reads the rest of the body, with `null` where the list was.
 */
const parsedToolLists = new BoundedTextCache<readonly unknown[]>(64, 8 * 1024 * 1024);

/**
 * Parses a JSON request body from its bytes: decoded and depth-checked in one pass (`decode-json-body.ts`), a
 * tool list already seen taken from `parsedToolLists`. Throws an error with `statusCode: 400` for a body nested
 * deeper than `MAX_JSON_DEPTH` or that is not JSON; the message of a syntax error names its position in the body
 * as sent.
 */
export function parseJsonBody(body: Buffer): ParsedJsonBody {
  const scan = scanJsonBody(body, { stopAbove: MAX_JSON_DEPTH, captureMembers: TOOLS_MEMBER });
  if (scan.depth > MAX_JSON_DEPTH) {
    throw Object.assign(new Error(`Invalid request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 });
  }
  const toolsSpan = scan.members?.tools;
  const toolsSource = toolsSpan !== undefined && body[toolsSpan.start] === OPEN_ARRAY ? body.toString('latin1', toolsSpan.start, toolsSpan.end) : undefined;
  const knownTools = toolsSource === undefined ? undefined : parsedToolLists.get(toolsSource);
  const decoded = assembleJsonText(body, scan, knownTools === undefined ? undefined : toolsSpan);
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
  if (toolsSource === undefined) return { value };
  const record = value as { tools: unknown };
  if (knownTools !== undefined) {
    record.tools = knownTools;
  } else if (Array.isArray(record.tools)) {
    parsedToolLists.set(toolsSource, deepFreeze(record.tools));
  }
  return { value, toolsSource };
}
