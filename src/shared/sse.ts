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
  let buffer = '';
  let dataLines: string[] = [];
  let eventName: string | undefined;
  let eventId: string | undefined;

  // Scans only the text that arrived since the last call: linear in the stream length, however long a line is.
  let scanFrom = 0;
  function* takeLines(final: boolean): Generator<SseEvent> {
    let lineStart = 0;
    for (let index = scanFrom; index < buffer.length; index++) {
      const code = buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      // A lone \r at the very end may be the first half of \r\n: wait for more text.
      if (code === 13 && index === buffer.length - 1 && !final) break;
      const line = buffer.slice(lineStart, index);
      if (code === 13 && buffer.charCodeAt(index + 1) === 10) index++;
      lineStart = index + 1;
      if (line === '') {
        if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n'), id: eventId };
        dataLines = [];
        eventName = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'event') eventName = value;
      else if (field === 'id') eventId = value;
    }
    buffer = buffer.slice(lineStart);
    scanFrom = buffer.length > 0 && buffer.charCodeAt(buffer.length - 1) === 13 && !final ? buffer.length - 1 : buffer.length;
  }

  for await (const chunk of source) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* takeLines(false);
  }
  buffer += decoder.decode();
  yield* takeLines(true);
  if (buffer.length > 0) {
    buffer += '\n';
    yield* takeLines(true);
  }
  if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n'), id: eventId };
}

/** Formats one SSE frame. `event` must not contain CR/LF (that would inject frames). */
export function formatSseEvent(data: string, event?: string): string {
  if (event !== undefined && /[\r\n]/.test(event)) throw new Error('SSE event name must not contain CR or LF');
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}
