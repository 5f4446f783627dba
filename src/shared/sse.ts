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
  const decoder = new SseDecoder();
  for await (const chunk of source) {
    const events = decoder.push(chunk);
    for (const event of events) yield event;
  }
  yield* decoder.end();
}

/**
 * The incremental parser behind `parseSseStream`, without generators: `push` takes the next chunk of the stream and
 * returns the events it completed (an empty array, shared, when none), `end` the last ones. A caller reading an
 * upstream stream takes every event of a read at once instead of one promise per event.
 */
export class SseDecoder {
  // Lines are found in the bytes (Buffer.indexOf: memchr) and each is decoded once, whole, when it ends: a line
  // break byte never occurs inside a multi-byte UTF-8 character, so no character is cut. The pieces of a line that
  // spans chunks are joined once, at its end: appending every chunk to one growing string made V8 flatten the whole
  // string per chunk, quadratic in the length of a line (an upstream that echoes a 12 MB prompt sends a 12 MB line).
  private readonly pending: Buffer[] = [];
  /** The previous chunk ended with \r: a \n opening the next one belongs to the same line break. */
  private afterCarriageReturn = false;
  private atStart = true;
  private dataLines: string[] = [];
  private eventName: string | undefined;
  private eventId: string | undefined;
  private out: SseEvent[] = NO_EVENTS;

  /** The events completed by `chunk`, in order. */
  push(chunk: Uint8Array | string): readonly SseEvent[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.out = NO_EVENTS;
    if (bytes.length > 0) this.takeBytes(bytes);
    const out = this.out;
    this.out = NO_EVENTS;
    return out;
  }

  /** The events left when the stream ends (a last line or event without its blank line). */
  end(): readonly SseEvent[] {
    this.out = NO_EVENTS;
    if (this.pending.length > 0) this.takeLine(this.decodeLine(Buffer.alloc(0)));
    if (this.dataLines.length > 0) this.emit({ event: this.eventName, data: this.dataLines.join('\n'), id: this.eventId });
    this.dataLines = [];
    const out = this.out;
    this.out = NO_EVENTS;
    return out;
  }

  private emit(event: SseEvent): void {
    if (this.out === NO_EVENTS) this.out = [event];
    else this.out.push(event);
  }

  private takeLine(line: string): void {
    if (line === '') {
      if (this.dataLines.length > 0) this.emit({ event: this.eventName, data: this.dataLines.length === 1 ? (this.dataLines[0] as string) : this.dataLines.join('\n'), id: this.eventId });
      this.dataLines = [];
      this.eventName = undefined;
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id') this.eventId = value;
  }

  private decodeLine(piece: Buffer): string {
    const pending = this.pending;
    if (pending.length === 0) return decodeUtf8(piece);
    pending.push(piece);
    const whole = Buffer.concat(pending);
    pending.length = 0;
    return decodeUtf8(whole);
  }

  private takeBytes(chunk: Buffer): void {
    let lineStart = 0;
    if (this.atStart) {
      // A byte order mark opening the stream is not part of the first line (the spec, and TextDecoder, drop it).
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) lineStart = 3;
      this.atStart = false;
    }
    if (this.afterCarriageReturn) {
      this.afterCarriageReturn = false;
      if (chunk[lineStart] === LF) lineStart++;
    }
    let nextLf = chunk.indexOf(LF, lineStart);
    let nextCr = chunk.indexOf(CR, lineStart);
    while (nextLf !== -1 || nextCr !== -1) {
      let index = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr;
      const line = this.decodeLine(chunk.subarray(lineStart, index));
      if (chunk[index] === CR) {
        if (index === chunk.length - 1) this.afterCarriageReturn = true;
        else if (chunk[index + 1] === LF) index++;
      }
      lineStart = index + 1;
      if (nextLf !== -1 && nextLf < lineStart) nextLf = chunk.indexOf(LF, lineStart);
      if (nextCr !== -1 && nextCr < lineStart) nextCr = chunk.indexOf(CR, lineStart);
      this.takeLine(line);
    }
    if (lineStart < chunk.length) this.pending.push(chunk.subarray(lineStart));
  }
}

/**
 * Pulls the events of a byte stream one by one: a read's events are kept and handed out without another read or
 * generator step (one promise per event, where `parseSseStream` costs several). `close` stops reading (a Node stream
 * is destroyed, which closes an upstream socket).
 */
export class SseEventReader {
  private readonly decoder = new SseDecoder();
  private readonly source: AsyncIterator<Uint8Array | string>;
  private events: readonly SseEvent[] = NO_EVENTS;
  private index = 0;
  private ended = false;

  constructor(source: AsyncIterable<Uint8Array | string>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** The next event, or undefined once the stream has ended. */
  async next(): Promise<SseEvent | undefined> {
    for (;;) {
      if (this.index < this.events.length) return this.events[this.index++];
      if (this.ended) return undefined;
      const read = await this.source.next();
      this.index = 0;
      if (read.done === true) {
        this.ended = true;
        this.events = this.decoder.end();
      } else {
        this.events = this.decoder.push(read.value);
      }
    }
  }

  async close(): Promise<void> {
    this.ended = true;
    this.events = NO_EVENTS;
    await this.source.return?.(undefined);
  }
}

/** Returned when a chunk completes no event; never written to (emit replaces it with a new array). */
const NO_EVENTS: SseEvent[] = [];
const COLON = 0x3a;
const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;

/** Formats one SSE frame. `event` must not contain CR/LF (that would inject frames). */
export function formatSseEvent(data: string, event?: string): string {
  if (event !== undefined && /[\r\n]/.test(event)) throw new Error('SSE event name must not contain CR or LF');
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}
