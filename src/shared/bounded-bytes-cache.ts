/**
 * A least-recently-used map keyed by byte content (a conversation entry as the client sent it), bounded by its number
 * of entries and by the bytes its keys hold. Keys are filed by their first `prefixBytes` bytes (the whole key when
 * shorter), and the few candidates under one prefix are compared byte for byte (`Buffer.compare`, a memcmp), so
 * finding a 20 KB entry costs about a microsecond, where a 20 KB string key would be copied and hashed character by
 * character. Filing by the first bytes also lets a scan find a kept value where it starts in a larger buffer without
 * knowing its length (`findAt`).
 *
 * At most `MAX_KEYS_PER_PREFIX` keys share a prefix (the oldest goes), so a client that sends thousands of entries
 * with the same beginning cannot make a lookup compare thousands. The key bytes are copied when an entry is kept, so
 * the caller's buffer is not held. Values should be frozen: they are shared by every request that finds them.
 */
export class BoundedBytesCache<V> {
  /** Entries by prefix, most recent last in each list. Insertion order is recency order. */
  readonly #entries = new Map<string, { key: Buffer; value: V }[]>();
  #count = 0;
  #keyBytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxKeyBytes: number,
    readonly prefixBytes = 64,
  ) {}

  get size(): number {
    return this.#count;
  }

  get(bytes: Uint8Array): V | undefined {
    const prefix = this.#prefixOf(bytes, 0);
    const candidates = this.#entries.get(prefix);
    if (candidates === undefined) return undefined;
    const target = asBuffer(bytes);
    for (const candidate of candidates) {
      if (!candidate.key.equals(target)) continue;
      this.#touch(prefix, candidates);
      return candidate.value;
    }
    return undefined;
  }

  /**
   * The kept value whose key the bytes at `start` begin with, and where that key ends, when there is one. Only keys
   * at least `prefixBytes` long are found this way. When keys are complete JSON values, at most one can match: a
   * complete value is never the beginning of another.
   */
  findAt(bytes: Uint8Array, start: number): { value: V; end: number } | undefined {
    if (bytes.length - start < this.prefixBytes) return undefined;
    const prefix = this.#prefixOf(bytes, start);
    const candidates = this.#entries.get(prefix);
    if (candidates === undefined) return undefined;
    const target = asBuffer(bytes);
    for (const candidate of candidates) {
      const end = start + candidate.key.length;
      if (end > target.length || candidate.key.compare(target, start, end) !== 0) continue;
      this.#touch(prefix, candidates);
      return { value: candidate.value, end };
    }
    return undefined;
  }

  /** Keeps `value` under a copy of `bytes` (not kept when longer than `maxKeyBytes`); drops the oldest over the bounds. */
  set(bytes: Uint8Array, value: V): void {
    if (bytes.length > this.maxKeyBytes) return;
    const prefix = this.#prefixOf(bytes, 0);
    const candidates = this.#entries.get(prefix) ?? [];
    const target = asBuffer(bytes);
    const existing = candidates.find((candidate) => candidate.key.equals(target));
    if (existing !== undefined) {
      existing.value = value;
    } else {
      if (candidates.length >= MAX_KEYS_PER_PREFIX) this.#forget(candidates.shift()!);
      candidates.push({ key: Buffer.from(bytes), value });
      this.#count++;
      this.#keyBytes += bytes.length;
    }
    this.#touch(prefix, candidates);
    for (const [oldest, list] of this.#entries) {
      if (this.#count <= this.maxEntries && this.#keyBytes <= this.maxKeyBytes) break;
      this.#entries.delete(oldest);
      for (const entry of list) this.#forget(entry);
    }
  }

  #prefixOf(bytes: Uint8Array, start: number): string {
    return asBuffer(bytes).toString('latin1', start, Math.min(bytes.length, start + this.prefixBytes));
  }

  #touch(prefix: string, candidates: { key: Buffer; value: V }[]): void {
    this.#entries.delete(prefix);
    this.#entries.set(prefix, candidates);
  }

  #forget(entry: { key: Buffer }): void {
    this.#count--;
    this.#keyBytes -= entry.key.length;
  }
}

/** More keys than this with the same first bytes, and the oldest of them is dropped. */
const MAX_KEYS_PER_PREFIX = 16;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
