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
  const decoder = new TextDecoder();
  // Pieces of the line not yet ended. Each chunk is scanned on its own and pieces are joined once, when the line
  // ends: appending every chunk to one growing string and scanning that made V8 flatten the whole string per
  // chunk, quadratic in the length of a line (an upstream that echoes a 12 MB prompt sends a 12 MB line).
  const pending: string[] = [];
  // The previous chunk ended with \r: a \n opening the next one belongs to the same line break.
  let afterCarriageReturn = false;
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

  function* takeText(text: string): Generator<SseEvent> {
    let lineStart = 0;
    if (afterCarriageReturn) {
      afterCarriageReturn = false;
      if (text.charCodeAt(0) === 10) lineStart = 1;
    }
    // Line ends found with indexOf (native) rather than a loop over every character: a 12 MB line is one call.
    let nextLf = text.indexOf('\n', lineStart);
    let nextCr = text.indexOf('\r', lineStart);
    while (nextLf !== -1 || nextCr !== -1) {
      let index = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr;
      const code = text.charCodeAt(index);
      let line = text.slice(lineStart, index);
      if (pending.length > 0) {
        pending.push(line);
        line = pending.join('');
        pending.length = 0;
      }
      if (code === 13) {
        if (index === text.length - 1) afterCarriageReturn = true;
        else if (text.charCodeAt(index + 1) === 10) index++;
      }
      lineStart = index + 1;
      if (nextLf !== -1 && nextLf < lineStart) nextLf = text.indexOf('\n', lineStart);
      if (nextCr !== -1 && nextCr < lineStart) nextCr = text.indexOf('\r', lineStart);
      yield* takeLine(line);
    }
    if (lineStart < text.length) pending.push(text.slice(lineStart));
  }

  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield* takeText(text);
  }
  const rest = decoder.decode();
  if (rest !== '') yield* takeText(rest);
  if (pending.length > 0) yield* takeText('\n');
  if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n'), id: eventId };
}

/** Formats one SSE frame. `event` must not contain CR/LF (that would inject frames). */
export function formatSseEvent(data: string, event?: string): string {
  if (event !== undefined && /[\r\n]/.test(event)) throw new Error('SSE event name must not contain CR or LF');
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}
