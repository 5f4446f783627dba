import { decodeUtf8 } from './decode-utf8.js';

/**
 * Server-sent events: an incremental parser for upstream byte streams and a formatter for client frames.
 * The parser follows the spec: `:` lines are comments, several `data:` lines join with "\n", a blank line
 * ends an event, and CR, LF or CRLF all end a line even when split across chunks.
 */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

export async function* parseSseStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<SseEvent> {
  // Lines are found in the bytes (Buffer.indexOf: memchr) and each is decoded once, whole, when it ends: a line
  // break byte never occurs inside a multi-byte UTF-8 character, so no character is cut. The pieces of a line that
  // spans chunks are joined once, at its end: appending every chunk to one growing string made V8 flatten the whole
  // string per chunk, quadratic in the length of a line (an upstream that echoes a 12 MB prompt sends a 12 MB line).
  const pending: Buffer[] = [];
  // The previous chunk ended with \r: a \n opening the next one belongs to the same line break.
  let afterCarriageReturn = false;
  let atStart = true;
  let dataLines: string[] = [];
  let eventName: string | undefined;
  let eventId: string | undefined;

  function* takeLine(line: string): Generator<SseEvent> {
    if (line === '') {
      if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n'), id: eventId };
      dataLines = [];
      eventName = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') dataLines.push(value);
    else if (field === 'event') eventName = value;
    else if (field === 'id') eventId = value;
  }

  function decodeLine(piece: Buffer): string {
    if (pending.length === 0) return decodeUtf8(piece);
    pending.push(piece);
    const whole = Buffer.concat(pending);
    pending.length = 0;
    return decodeUtf8(whole);
  }

  function* takeBytes(chunk: Buffer): Generator<SseEvent> {
    let lineStart = 0;
    if (atStart) {
      // A byte order mark opening the stream is not part of the first line (the spec, and TextDecoder, drop it).
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) lineStart = 3;
      atStart = false;
    }
    if (afterCarriageReturn) {
      afterCarriageReturn = false;
      if (chunk[lineStart] === LF) lineStart++;
    }
    let nextLf = chunk.indexOf(LF, lineStart);
    let nextCr = chunk.indexOf(CR, lineStart);
    while (nextLf !== -1 || nextCr !== -1) {
      let index = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr;
      const line = decodeLine(chunk.subarray(lineStart, index));
      if (chunk[index] === CR) {
        if (index === chunk.length - 1) afterCarriageReturn = true;
        else if (chunk[index + 1] === LF) index++;
      }
      lineStart = index + 1;
      if (nextLf !== -1 && nextLf < lineStart) nextLf = chunk.indexOf(LF, lineStart);
      if (nextCr !== -1 && nextCr < lineStart) nextCr = chunk.indexOf(CR, lineStart);
      yield* takeLine(line);
    }
    if (lineStart < chunk.length) pending.push(chunk.subarray(lineStart));
  }

  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (bytes.length > 0) yield* takeBytes(bytes);
  }
  if (pending.length > 0) yield* takeLine(decodeLine(Buffer.alloc(0)));
  if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n'), id: eventId };
}

const LF = 0x0a;
const CR = 0x0d;

/** Formats one SSE frame. `event` must not contain CR/LF (that would inject frames). */
export function formatSseEvent(data: string, event?: string): string {
  if (event !== undefined && /[\r\n]/.test(event)) throw new Error('SSE event name must not contain CR or LF');
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}
