import { decodeUtf8 } from '../shared/decode-utf8.js';

export interface DecodedJsonBody {
  /**
   * A JSON text that JSON.parse reads as it reads the body: the body's UTF-8 decoding, or (see `exact`) the same
   * text with the non-ASCII characters inside strings written as `\uXXXX` escapes. Empty when `depth` passed the
   * limit (the caller refuses the body without parsing it).
   */
  text: string;
  /** The deepest nesting of arrays and objects, counted no further than `stopAbove + 1`. */
  depth: number;
  /** True when `text` is exactly the body's UTF-8 decoding; false when characters were written as escapes. */
  exact: boolean;
  /**
   * Where, in the body's bytes, the value of each top-level member named in `captureMembers` is (start of its
   * `[` or `{`, end after its closing bracket), when that value is an array or an object; the last one when a
   * name repeats, as JSON.parse keeps the last. Absent when nothing was captured.
   */
  members?: Record<string, CapturedMember>;
}

/** Where a captured member's value is in the body's bytes (see `DecodedJsonBody.members`). */
export interface CapturedMember {
  start: number;
  end: number;
  /**
   * When the value is an array: its elements that are objects or arrays, as flat triples (index in the array,
   * start, end); primitive elements are counted in the indexes but not listed.
   */
  elements?: number[];
}

export interface DecodeJsonBodyOptions {
  /** Stop (and decode nothing) as soon as the nesting passes this depth. */
  stopAbove?: number;
  /** Top-level member names whose array or object values are located in `members` (plain ASCII names). */
  captureMembers?: readonly string[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
/** Above this share of non-ASCII bytes, escaping would make the text longer than decoding it whole. */
const MAX_ESCAPED_SHARE = 1 / 16;

/** What a byte means to the scan: 0 for the bytes it passes over, which are most of them. */
const OTHER = 0;
const STRING_QUOTE = 1;
const STRING_BACKSLASH = 2;
const NON_ASCII = 3;
const OPENING = 4;
const CLOSING = 5;
const COMMA = 6;
/** Byte classes inside a string: quote, backslash and non-ASCII bytes stop the scan. */
const IN_STRING = new Uint8Array(256);
/** Byte classes between strings: quote, brackets and non-ASCII bytes stop the scan. */
const BETWEEN_STRINGS = new Uint8Array(256);
IN_STRING.fill(NON_ASCII, 0x80);
BETWEEN_STRINGS.fill(NON_ASCII, 0x80);
IN_STRING[QUOTE] = STRING_QUOTE;
IN_STRING[BACKSLASH] = STRING_BACKSLASH;
BETWEEN_STRINGS[QUOTE] = STRING_QUOTE;
BETWEEN_STRINGS[OPEN_ARRAY] = OPENING;
BETWEEN_STRINGS[OPEN_OBJECT] = OPENING;
BETWEEN_STRINGS[CLOSE_ARRAY] = CLOSING;
BETWEEN_STRINGS[CLOSE_OBJECT] = CLOSING;
BETWEEN_STRINGS[0x2c] = COMMA;

/**
 * Decodes a JSON request body and measures its nesting in one pass over the bytes, without decoding more than once.
 *
 * Why not `bytes.toString('utf8')`: Node 20's decoder leaves its fast path at the first character outside
 * Latin-1 (an em dash, an emoji: real prompts and tool descriptions have a few), and a 75 KB Claude Code body then
 * takes about 0.8 ms to decode on the bench machine, against 0.01 ms for the same bytes in ASCII; the text it makes
 * is two bytes a character. Here the ASCII stretches are copied as they are (Latin-1 slices) and each short run of
 * non-ASCII bytes inside a JSON string is decoded alone and written as `\uXXXX` escapes, which JSON.parse turns back
 * into the same characters. When that is not equivalent (a non-ASCII byte outside a string, or right after a
 * backslash, both invalid JSON anyway) or not cheaper (mostly non-ASCII text), the body is decoded whole.
 *
 * The depth count skips string contents (escapes included): quotes, backslashes and brackets are ASCII and never
 * occur inside a multi-byte UTF-8 sequence, so counting over bytes equals counting over the decoded characters. It
 * stops as soon as the depth passes `stopAbove`, so a hostile body of a million `[` costs no more than the limit.
 * Invalid JSON is measured as far as it goes; JSON.parse reports the syntax error afterwards. The same pass notes
 * where the values of some top-level members are (`captureMembers`), so a caller can key a cache by their bytes.
 */
export function decodeJsonBody(bytes: Uint8Array, options: DecodeJsonBodyOptions | number = {}): DecodedJsonBody {
  const scan = scanJsonBody(bytes, options);
  if (scan.depth > (typeof options === 'number' ? options : (options.stopAbove ?? Infinity))) return { text: '', depth: scan.depth, exact: true };
  return assembleJsonText(bytes, scan);
}

/** What one pass over a JSON body's bytes found (see `decodeJsonBody`); the text is made from it by `assembleJsonText`. */
export interface JsonBodyScan {
  /** The deepest nesting of arrays and objects, counted no further than `stopAbove + 1`. */
  depth: number;
  /** Start and end offsets of the runs of non-ASCII bytes inside strings, in order. */
  runs: number[];
  nonAsciiBytes: number;
  /** False when a non-ASCII byte is outside a string or right after a backslash: the text is then decoded whole. */
  escapable: boolean;
  /** See `DecodedJsonBody.members`. */
  members?: Record<string, CapturedMember>;
}

/** The pass of `decodeJsonBody` over the bytes: depth, non-ASCII runs and captured members, without making the text. */
export function scanJsonBody(bytes: Uint8Array, options: DecodeJsonBodyOptions | number = {}): JsonBodyScan {
  const { stopAbove = Infinity, captureMembers } = typeof options === 'number' ? { stopAbove: options } : options;
  const length = bytes.length;
  let depth = 0;
  let deepest = 0;
  const runs: number[] = [];
  let nonAsciiBytes = 0;
  let escapable = true;
  // The last string that ended at depth 1 (in a top-level object, the key of the value that follows it).
  let keyStart = -1;
  let keyEnd = -1;
  let topIsObject = false;
  let keysEscaped = false;
  let capturing: string | undefined;
  let capturedStart = 0;
  let members: Record<string, CapturedMember> | undefined;
  let elements: number[] | undefined;
  let elementIndex = 0;
  let elementStart = 0;
  for (let index = 0; index < length; index++) {
    const kind = BETWEEN_STRINGS[bytes[index]];
    if (kind === OTHER) continue;
    if (kind === STRING_QUOTE) {
      const start = index + 1;
      let escaped = false;
      for (index = start; index < length; index++) {
        const inside = IN_STRING[bytes[index]];
        if (inside === OTHER) continue;
        if (inside === STRING_QUOTE) break;
        if (inside === STRING_BACKSLASH) {
          escaped = true;
          index++;
          if (index < length && bytes[index] >= 0x80) {
            // `\` then a non-ASCII character: an invalid escape that `\\u…` would turn into a valid one.
            escapable = false;
            index--;
          }
          continue;
        }
        let end = index + 1;
        while (end < length && bytes[end] >= 0x80) end++;
        nonAsciiBytes += end - index;
        runs.push(index, end);
        index = end - 1;
      }
      if (depth === 1) {
        keyStart = start;
        keyEnd = index;
        // A key written with escapes may spell a captured name to JSON.parse (`"too\u006cs"`) and not to the byte
        // comparison: the bytes located would then not be the value JSON.parse keeps, so nothing is captured.
        if (escaped) keysEscaped = true;
      }
    } else if (kind === OPENING) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return { depth: deepest, runs: [], nonAsciiBytes: 0, escapable: true };
      }
      if (depth === 1) topIsObject = bytes[index] === OPEN_OBJECT;
      else if (depth === 2 && topIsObject && captureMembers !== undefined && keyStart >= 0) {
        capturing = findMemberName(bytes, keyStart, keyEnd, captureMembers);
        capturedStart = index;
        elements = capturing !== undefined && bytes[index] === OPEN_ARRAY ? [] : undefined;
        elementIndex = 0;
      } else if (depth === 3 && elements !== undefined) {
        elementStart = index;
      }
    } else if (kind === COMMA) {
      if (depth === 2 && elements !== undefined) elementIndex++;
    } else if (kind === CLOSING) {
      if (depth === 3 && elements !== undefined) {
        elements.push(elementIndex, elementStart, index + 1);
      } else if (depth === 2 && capturing !== undefined) {
        const member: CapturedMember = { start: capturedStart, end: index + 1 };
        if (elements !== undefined) member.elements = elements;
        (members ??= {})[capturing] = member;
        capturing = undefined;
        elements = undefined;
      }
      depth--;
      keyStart = -1;
    } else {
      // Non-ASCII outside a string: invalid JSON, decoded exactly so JSON.parse reports it where it is.
      escapable = false;
      nonAsciiBytes++;
    }
  }
  const scan: JsonBodyScan = { depth: deepest, runs, nonAsciiBytes, escapable };
  if (members !== undefined && !keysEscaped) scan.members = members;
  return scan;
}

/** A range of a body's bytes (a value located by the scan) that `assembleJsonText` writes as `null`. */
export interface OmittedRange {
  start: number;
  end: number;
}

/**
 * The JSON text of a scanned body (see `decodeJsonBody`), with each range of `omitted` (values located by the
 * scan, in order, not overlapping) written as `null`: a caller that already holds those values, parsed from the
 * same bytes before, sets them in place of the `null`s and JSON.parse reads only the rest.
 */
export function assembleJsonText(bytes: Uint8Array, scan: JsonBodyScan, omitted: readonly OmittedRange[] = []): DecodedJsonBody {
  const length = bytes.length;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  const found = scan.members === undefined ? {} : { members: scan.members };
  const exact = omitted.length === 0;
  if (scan.nonAsciiBytes === 0 || !scan.escapable || scan.nonAsciiBytes > length * MAX_ESCAPED_SHARE) {
    // Decoded whole (ASCII as Latin-1), around the omitted values: their brackets are ASCII, so a cut there is never
    // inside a multi-byte character.
    const decode = scan.nonAsciiBytes === 0 ? (from: number, to: number) => buffer.toString('latin1', from, to) : (from: number, to: number) => decodeUtf8(buffer.subarray(from, to));
    let text = '';
    let copied = 0;
    for (const range of omitted) {
      text += `${decode(copied, range.start)}null`;
      copied = range.end;
    }
    text += decode(copied, length);
    return { text, depth: scan.depth, exact, ...found };
  }
  const runs = scan.runs;
  let text = '';
  let copied = 0;
  let run = 0;
  const copyUntil = (limit: number) => {
    for (; run < runs.length && runs[run] < limit; run += 2) {
      text += buffer.toString('latin1', copied, runs[run]) + escapeCodeUnits(buffer.toString('utf8', runs[run], runs[run + 1]));
      copied = runs[run + 1];
    }
    text += buffer.toString('latin1', copied, limit);
    copied = limit;
  };
  for (const range of omitted) {
    copyUntil(range.start);
    text += 'null';
    while (run < runs.length && runs[run] < range.end) run += 2;
    copied = range.end;
  }
  copyUntil(length);
  return { text, depth: scan.depth, exact: false, ...found };
}

/** Which of `names` the bytes between `start` and `end` spell (a key without escapes), if any. */
function findMemberName(bytes: Uint8Array, start: number, end: number, names: readonly string[]): string | undefined {
  for (const name of names) {
    if (name.length !== end - start) continue;
    let same = true;
    for (let offset = 0; offset < name.length && same; offset++) same = bytes[start + offset] === name.charCodeAt(offset);
    if (same) return name;
  }
  return undefined;
}

function escapeCodeUnits(text: string): string {
  let escaped = '';
  for (let index = 0; index < text.length; index++) escaped += `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`;
  return escaped;
}
