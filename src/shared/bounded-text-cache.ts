/**
 * A least-recently-used map keyed by text (the JSON of a tool list, a schema), bounded by its number of entries and
 * by the characters its keys hold. For values computed from a key's content alone: the same text always gives the
 * same value, so a hit is as good as computing it again. Values should be frozen: they are shared by every request
 * that finds them.
 */
export class BoundedTextCache<V> {
  readonly #entries = new Map<string, V>();
  #keyChars = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxKeyChars: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Keeps `value` under `key` (a key longer than `maxKeyChars` is not kept) and drops the oldest entries over the bounds. */
  set(key: string, value: V): void {
    if (key.length > this.maxKeyChars) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) this.#entries.delete(key);
    else this.#keyChars += key.length;
    this.#entries.set(key, value);
    for (const [oldest] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#keyChars <= this.maxKeyChars) break;
      this.#entries.delete(oldest);
      this.#keyChars -= oldest.length;
    }
  }
}
