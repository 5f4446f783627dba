/**
 * Where the request log keeps queued entries: one shared memory ring that the main thread fills at record time and
 * the writer thread reads from (request-log-writer.worker.ts). An entry is its fields as JSON text, then its request
 * body, then its response text, all UTF-8. Copying a body into memory that is already mapped costs a few
 * microseconds; a fresh buffer of the same size costs ten times that in page faults, and `postMessage` of a long
 * string or of an object with twenty fields more again. An entry larger than an eighth of the ring (which the
 * gateway never records: its bodies are capped before this) stays an object and travels the slow way; an entry that
 * does not fit because the ring is full — the writer has fallen behind — is refused, and the request log drops it and
 * counts the drop, so a slow writer never makes requests wait or memory grow.
 *
 * Positions are 32-bit counters that wrap (the ring's size is a power of two); the main thread owns the head, the
 * writer thread publishes the tail (`Atomics` slot `tailSlot`). Entries are written in the order they were stored:
 * each batch carries the position before which nothing is needed once it is written (the head when it was sent, or
 * the `position` noted when the oldest entry still queued was stored), and the thread publishes it as the tail.
 */

import type { RecordedResponse } from './request-log-entry.js';

/** Where one entry is in the ring: byte lengths of its parts, in order; -1 for a body that is null. */
export interface EntryRegion {
  offset: number;
  fieldsBytes: number;
  requestBytes: number;
  responseBytes: number;
}

/** Int32 values per entry in a batch's region list (`EntryRing.encodeRegion`). */
export const REGION_INTS = 4;

/** The largest share of the ring one entry may take; a larger one goes the slow way. */
const MAX_ENTRY_SHARE = 8;

/** Why `store` kept nothing: the entry is too large for the ring, or the ring has no room for it now. */
export type RingRefusal = 'too-large' | 'full';

export class EntryRing {
  readonly bytes: Buffer;
  private readonly mask: number;
  private head = 0;

  /**
   * @param memory the ring, its size a power of two
   * @param control Int32 memory holding the tail at `tailSlot`
   */
  constructor(
    memory: SharedArrayBuffer,
    private readonly control: Int32Array,
    private readonly tailSlot: number,
  ) {
    const size = memory.byteLength;
    if (size < 1024 || (size & (size - 1)) !== 0 || size > 2 ** 30) throw new Error(`entry ring size must be a power of two from 1 KiB to 1 GiB, got ${size}`);
    this.bytes = Buffer.from(memory);
    this.mask = size - 1;
  }

  /** The head: where the next entry will be stored. */
  get position(): number {
    return this.head;
  }

  /** Bytes in use (stored and not yet released by the writer's tail). */
  get used(): number {
    return (this.head - Atomics.load(this.control, this.tailSlot)) | 0;
  }

  /**
   * Copies `fields`, the first `maxRequestBytes` of `request` and all of `response` (as UTF-8: text is encoded, bytes
   * copied) into the ring; when there is not room for them in one piece, nothing is stored and the reason is returned.
   */
  store(fields: string, request: Uint8Array | string | null, response: RecordedResponse, maxRequestBytes: number): EntryRegion | RingRefusal {
    const requestRoom = request === null ? 0 : typeof request === 'string' ? request.length * 3 : Math.min(request.length, maxRequestBytes);
    let room = fields.length * 3 + requestRoom;
    if (response === null) {
      // Nothing to add.
    } else if (typeof response === 'string' || response instanceof Uint8Array) {
      room += roomFor(response);
    } else {
      for (const part of response) room += roomFor(part);
    }
    const size = this.bytes.length;
    if (room > size / MAX_ENTRY_SHARE) return 'too-large';
    const offset = this.head & this.mask;
    // An entry never wraps: when it would run past the end, the space up to the end is skipped.
    const skip = offset + room > size ? size - offset : 0;
    if (this.used + skip + room > size) return 'full';
    const start = skip > 0 ? 0 : offset;
    const bytes = this.bytes;
    const fieldsBytes = bytes.write(fields, start, 'utf8');
    let cursor = start + fieldsBytes;
    let requestBytes = -1;
    if (typeof request === 'string') {
      requestBytes = bytes.write(request, cursor, 'utf8');
    } else if (request !== null) {
      requestBytes = requestRoom;
      bytes.set(request.length === requestRoom ? request : request.subarray(0, requestRoom), cursor);
    }
    cursor += Math.max(0, requestBytes);
    let responseBytes = -1;
    if (response !== null) {
      const responseStart = cursor;
      if (typeof response === 'string' || response instanceof Uint8Array) cursor = copyPart(bytes, response, cursor);
      else for (const part of response) cursor = copyPart(bytes, part, cursor);
      responseBytes = cursor - responseStart;
    }
    this.head = (this.head + skip + (cursor - start)) | 0;
    return { offset: start, fieldsBytes, requestBytes, responseBytes };
  }

  /** Frees everything before `position` (the head when null); only while the writer thread holds no batch. */
  releaseTo(position: number | null): void {
    Atomics.store(this.control, this.tailSlot, position ?? this.head);
  }

  /** The writer thread's side: everything before `position` is free again. */
  static publishTail(control: Int32Array, tailSlot: number, position: number): void {
    Atomics.store(control, tailSlot, position);
  }
}

/** Most bytes a piece takes: text as UTF-8 (at most 3 bytes a UTF-16 unit), or the bytes themselves. */
function roomFor(part: string | Uint8Array): number {
  return typeof part === 'string' ? part.length * 3 : part.length;
}

/** Writes `part` (text as UTF-8, or bytes) at `cursor`; returns the position after it. */
function copyPart(bytes: Buffer, part: string | Uint8Array, cursor: number): number {
  if (typeof part === 'string') return cursor + bytes.write(part, cursor, 'utf8');
  bytes.set(part, cursor);
  return cursor + part.length;
}

/** Writes `region` at `index` of a batch's region list. */
export function encodeRegion(list: Int32Array, index: number, region: EntryRegion): void {
  const at = index * REGION_INTS;
  list[at] = region.offset;
  list[at + 1] = region.fieldsBytes;
  list[at + 2] = region.requestBytes;
  list[at + 3] = region.responseBytes;
}

/** The writer thread's view of one entry (valid until it publishes a tail past it). */
export function readRegion(bytes: Buffer, list: Int32Array, index: number): { fields: string; request: Buffer | null; response: Buffer | null } {
  const at = index * REGION_INTS;
  const offset = list[at];
  const fieldsBytes = list[at + 1];
  const requestBytes = list[at + 2];
  const responseBytes = list[at + 3];
  const requestStart = offset + fieldsBytes;
  const responseStart = requestStart + Math.max(0, requestBytes);
  return {
    fields: bytes.toString('utf8', offset, requestStart),
    request: requestBytes < 0 ? null : bytes.subarray(requestStart, requestStart + requestBytes),
    response: responseBytes < 0 ? null : bytes.subarray(responseStart, responseStart + responseBytes),
  };
}
