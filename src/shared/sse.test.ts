import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { formatSseEvent, parseSseStream, SseDecoder, SseEventReader, type SseEvent } from './sse.js';

async function parse(chunks: string[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSseStream(chunks)) events.push(event);
  return events;
}

describe('parseSseStream', () => {
  it('parses data-only events separated by blank lines', async () => {
    expect(await parse(['data: {"a":1}\n\ndata: {"b":2}\n\n'])).toEqual([
      { event: undefined, data: '{"a":1}', id: undefined },
      { event: undefined, data: '{"b":2}', id: undefined },
    ]);
  });

  it('handles named events, ids, comments and multi-line data', async () => {
    expect(await parse([': ping\n', 'event: message_start\nid: 7\ndata: one\ndata: two\n\n'])).toEqual([{ event: 'message_start', data: 'one\ntwo', id: '7' }]);
  });

  it('accepts CRLF and CR line endings, even when CRLF is split across chunks', async () => {
    expect(await parse(['data: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n'])).toEqual([
      { event: undefined, data: 'a', id: undefined },
      { event: undefined, data: 'b', id: undefined },
      { event: undefined, data: 'c', id: undefined },
    ]);
  });

  it('reassembles a line split into many small chunks and multi-byte characters split across byte chunks', async () => {
    const text = `data: ${'x'.repeat(5000)}é🙂\n\n`;
    const bytes = new TextEncoder().encode(text);
    const chunks: Uint8Array[] = [];
    for (let index = 0; index < bytes.length; index += 7) chunks.push(bytes.slice(index, index + 7));
    const events: SseEvent[] = [];
    for await (const event of parseSseStream(chunks)) events.push(event);
    expect(events).toEqual([{ event: undefined, data: `${'x'.repeat(5000)}é🙂`, id: undefined }]);
  });

  it('drops a byte order mark opening the stream, splits on line breaks between byte chunks, and replaces invalid bytes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('data: 日本\r'), Buffer.from('\ndata: a'), Buffer.from([0xff]), Buffer.from('b\r\n\r\n')]);
    const chunks = [bytes.subarray(0, 14), bytes.subarray(14, 15), bytes.subarray(15)];
    const events: SseEvent[] = [];
    for await (const event of parseSseStream(chunks)) events.push(event);
    expect(events).toEqual([{ event: undefined, data: '日本\na\ufffdb', id: undefined }]);
  });

  it('reads a very long line in many chunks in linear time', async () => {
    const line = 'y'.repeat(8 * 1024 * 1024);
    const chunks: string[] = [];
    for (let index = 0; index < line.length; index += 16 * 1024) chunks.push(line.slice(index, index + 16 * 1024));
    chunks[0] = `data: ${chunks[0]}`;
    chunks.push('\r', '\n\r\n');
    const started = performance.now();
    const events = await parse(chunks);
    // Quadratic joining took seconds here; linear takes milliseconds. The bound leaves room for a busy machine.
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(events).toHaveLength(1);
    expect(events[0].data.length).toBe(line.length);
  });

  it('emits a last event that has no trailing blank line', async () => {
    expect(await parse(['data: tail'])).toEqual([{ event: undefined, data: 'tail', id: undefined }]);
  });

  it('keeps a colon-free field line and ignores unknown fields', async () => {
    expect(await parse(['retry: 10\nfoo: bar\ndata\n\n'])).toEqual([{ event: undefined, data: '', id: undefined }]);
  });
});

describe('SseDecoder', () => {
  it('returns the events each chunk completes, and the rest at the end', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: a\n\ndata: b\n')).toEqual([{ event: undefined, data: 'a', id: undefined }]);
    expect(decoder.push('\ndata: c')).toEqual([{ event: undefined, data: 'b', id: undefined }]);
    expect(decoder.end()).toEqual([{ event: undefined, data: 'c', id: undefined }]);
    expect(decoder.end()).toEqual([]);
  });
});

describe('SseEventReader', () => {
  it('hands out the events of a stream one by one, then undefined', async () => {
    const reader = new SseEventReader(Readable.from([Buffer.from('data: 1\n\ndata: 2\n\n'), Buffer.from('event: x\ndata: 3\n\n')]));
    const seen: (SseEvent | undefined)[] = [];
    for (let index = 0; index < 4; index++) seen.push(await reader.next());
    expect(seen.map((event) => event?.data)).toEqual(['1', '2', '3', undefined]);
    expect(seen[2]?.event).toBe('x');
  });

  it('close stops reading and destroys a Node stream', async () => {
    const source = new Readable({ read() {} });
    source.push('data: 1\n\n');
    const reader = new SseEventReader(source);
    expect((await reader.next())?.data).toBe('1');
    await reader.close();
    expect(source.destroyed).toBe(true);
    expect(await reader.next()).toBeUndefined();
  });
});

describe('formatSseEvent', () => {
  it('writes event and data lines, splitting multi-line data', () => {
    expect(formatSseEvent('a\nb', 'ping')).toBe('event: ping\ndata: a\ndata: b\n\n');
    expect(formatSseEvent('{}')).toBe('data: {}\n\n');
  });

  it('refuses event names that would inject frames', () => {
    expect(() => formatSseEvent('x', 'bad\ndata: injected')).toThrow(/CR or LF/);
  });
});
