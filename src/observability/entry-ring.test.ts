import { describe, expect, it } from 'vitest';
import { encodeRegion, EntryRing, readRegion, REGION_INTS, type EntryRegion } from './entry-ring.js';

function createRing(size = 1024) {
  const control = new Int32Array(new SharedArrayBuffer(8));
  return { ring: new EntryRing(new SharedArrayBuffer(size), control, 1), control };
}

function read(ring: EntryRing, region: EntryRegion) {
  const list = new Int32Array(REGION_INTS);
  encodeRegion(list, 0, region);
  const { fields, request, response } = readRegion(ring.bytes, list, 0);
  return { fields, request: request?.toString('utf8') ?? null, response: response?.toString('utf8') ?? null };
}

function stored(result: EntryRegion | string): EntryRegion {
  if (typeof result === 'string') throw new Error(`refused: ${result}`);
  return result;
}

describe('EntryRing', () => {
  it('gives back the fields, the request bytes (cut to the limit) and the response parts joined, as UTF-8', () => {
    const { ring } = createRing();
    const region = stored(ring.store('["id","日本"]', Buffer.from('{"q":"€uro"}'), ['data: a', '\n\ndata: ü'], 100));
    expect(read(ring, region)).toEqual({ fields: '["id","日本"]', request: '{"q":"€uro"}', response: 'data: a\n\ndata: ü' });
    const cut = stored(ring.store('[]', Buffer.from('0123456789'), null, 4));
    expect(read(ring, cut)).toEqual({ fields: '[]', request: '0123', response: null });
    const text = stored(ring.store('[]', null, 'plain', 4));
    expect(read(ring, text)).toEqual({ fields: '[]', request: null, response: 'plain' });
  });

  it('copies a response recorded as UTF-8 bytes, alone or in pieces mixed with text', () => {
    const { ring } = createRing();
    const bytes = stored(ring.store('[]', null, Buffer.from('data: “ok”'), 4));
    expect(read(ring, bytes).response).toBe('data: “ok”');
    const mixed = stored(ring.store('[]', null, [Buffer.from('event: a\n'), 'data: ü\n', new Uint8Array(Buffer.from('\n日本'))], 4));
    expect(read(ring, mixed).response).toBe('event: a\ndata: ü\n\n日本');
  });

  it('refuses an entry when the ring is full, and takes it again once the writer releases the space', () => {
    const { ring, control } = createRing();
    const body = Buffer.alloc(100, 0x61);
    const regions: EntryRegion[] = [];
    for (;;) {
      const result = ring.store('[]', body, null, 1000);
      if (result === 'full') break;
      regions.push(stored(result));
    }
    expect(regions.length).toBeGreaterThanOrEqual(8);
    expect(ring.used).toBeGreaterThan(1024 - 120);
    // The writer has written the first two: it publishes the position after them as the tail.
    EntryRing.publishTail(control, 1, regions[2].offset);
    const again = stored(ring.store('[]', body, null, 1000));
    // An entry never wraps: it starts again at the beginning of the ring.
    expect(again.offset).toBe(0);
    expect(read(ring, again).request).toBe('a'.repeat(100));
    expect(read(ring, regions[2]).request).toBe('a'.repeat(100));
  });

  it('refuses an entry larger than an eighth of the ring, however empty the ring is', () => {
    const { ring } = createRing();
    expect(ring.store('[]', Buffer.alloc(200), null, 1000)).toBe('too-large');
    expect(ring.store('[]', null, 'x'.repeat(50), 1000)).toBe('too-large');
    expect(ring.used).toBe(0);
  });

  it('frees everything on releaseTo(null)', () => {
    const { ring } = createRing();
    stored(ring.store('[1]', Buffer.alloc(50), null, 1000));
    expect(ring.used).toBeGreaterThan(0);
    ring.releaseTo(null);
    expect(ring.used).toBe(0);
  });
});
