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
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
/** Above this share of non-ASCII bytes, escaping would make the text longer than decoding it whole. */
const MAX_ESCAPED_SHARE = 1 / 16;

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
 * Invalid JSON is measured as far as it goes; JSON.parse reports the syntax error afterwards.
 */
export function decodeJsonBody(bytes: Uint8Array, stopAbove = Infinity): DecodedJsonBody {
  const length = bytes.length;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  /** Start and end offsets of the non-ASCII runs inside strings, in order. */
  const runs: number[] = [];
  let nonAsciiBytes = 0;
  let escapable = true;
  for (let index = 0; index < length; index++) {
    const code = bytes[index];
    if (code >= 0x80) {
      let end = index + 1;
      while (end < length && bytes[end] >= 0x80) end++;
      nonAsciiBytes += end - index;
      if (!inString) escapable = false;
      else runs.push(index, end);
      index = end - 1;
      continue;
    }
    if (inString) {
      if (code === BACKSLASH) {
        index++;
        if (index < length && bytes[index] >= 0x80) {
          // `\` then a non-ASCII character: an invalid escape that `\\u…` would turn into a valid one.
          escapable = false;
          index--;
        }
      } else if (code === QUOTE) {
        inString = false;
      }
      continue;
    }
    if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return { text: '', depth: deepest, exact: true };
      }
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  if (nonAsciiBytes === 0) return { text: buffer.toString('latin1', 0, length), depth: deepest, exact: true };
  if (!escapable || nonAsciiBytes > length * MAX_ESCAPED_SHARE) return { text: decodeUtf8(buffer), depth: deepest, exact: true };
  let text = '';
  let copied = 0;
  for (let run = 0; run < runs.length; run += 2) {
    const start = runs[run];
    const end = runs[run + 1];
    text += buffer.toString('latin1', copied, start) + escapeCodeUnits(buffer.toString('utf8', start, end));
    copied = end;
  }
  text += buffer.toString('latin1', copied, length);
  return { text, depth: deepest, exact: false };
}

function escapeCodeUnits(text: string): string {
  let escaped = '';
  for (let index = 0; index < text.length; index++) escaped += `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`;
  return escaped;
}
