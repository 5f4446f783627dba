/**
 * A least-recently-used map keyed by byte content (a conversation entry as the client sent it), bounded by its number
 * of entries and by the bytes its keys hold. A lookup builds a short fingerprint (length, first and last bytes) and
 * compares the few candidates under it byte for byte (`Buffer.equals`, a memcmp), so finding a 20 KB entry costs
 * about a microsecond, where a 20 KB string key would be copied and hashed character by character.
 * The key bytes are copied when an entry is kept, so the caller's buffer is not held. Values should be frozen: they
 * are shared by every request that finds them.
 */
export class BoundedBytesCache<V> {
  /** Entries by fingerprint; a few distinct keys may share one. Insertion order is recency order. */
  readonly #entries = new Map<string, { key: Buffer; value: V }[]>();
  #count = 0;
  #keyBytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxKeyBytes: number,
  ) {}

  get size(): number {
    return this.#count;
  }

  get(bytes: Uint8Array): V | undefined {
    const fingerprint = fingerprintOf(bytes);
    const candidates = this.#entries.get(fingerprint);
    if (candidates === undefined) return undefined;
    for (const candidate of candidates) {
      if (!candidate.key.equals(bytes)) continue;
      this.#entries.delete(fingerprint);
      this.#entries.set(fingerprint, candidates);
      return candidate.value;
    }
    return undefined;
  }

  /** Keeps `value` under a copy of `bytes` (not kept when longer than `maxKeyBytes`); drops the oldest over the bounds. */
  set(bytes: Uint8Array, value: V): void {
    if (bytes.length > this.maxKeyBytes) return;
    const fingerprint = fingerprintOf(bytes);
    const candidates = this.#entries.get(fingerprint) ?? [];
    const existing = candidates.find((candidate) => candidate.key.equals(bytes));
    if (existing !== undefined) {
      existing.value = value;
    } else {
      candidates.push({ key: Buffer.from(bytes), value });
      this.#count++;
      this.#keyBytes += bytes.length;
    }
    this.#entries.delete(fingerprint);
    this.#entries.set(fingerprint, candidates);
    for (const [oldest, list] of this.#entries) {
      if (this.#count <= this.maxEntries && this.#keyBytes <= this.maxKeyBytes) break;
      this.#entries.delete(oldest);
      for (const entry of list) {
        this.#count--;
        this.#keyBytes -= entry.key.length;
      }
    }
  }
}

const EDGE_BYTES = 24;

function fingerprintOf(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length <= 2 * EDGE_BYTES) return `${bytes.length}:${buffer.toString('latin1')}`;
  return `${bytes.length}:${buffer.toString('latin1', 0, EDGE_BYTES)}${buffer.toString('latin1', bytes.length - EDGE_BYTES)}`;
}
