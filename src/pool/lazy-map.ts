/**
 * A Map that allocates its table on the first `set`. The pool keeps a few per account (cooldowns per model, models
 * not found, protection verdicts) that stay empty for most accounts: an empty Map costs about 200 bytes, which for
 * 10,000 accounts is megabytes of nothing.
 */
export class LazyMap<K, V> implements Iterable<[K, V]> {
  private map: Map<K, V> | undefined;

  get size(): number {
    return this.map?.size ?? 0;
  }

  get(key: K): V | undefined {
    return this.map?.get(key);
  }

  has(key: K): boolean {
    return this.map?.has(key) ?? false;
  }

  set(key: K, value: V): this {
    (this.map ??= new Map()).set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.map?.delete(key) ?? false;
  }

  clear(): void {
    this.map = undefined;
  }

  keys(): IterableIterator<K> {
    return (this.map ?? EMPTY).keys() as IterableIterator<K>;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return (this.map ?? EMPTY)[Symbol.iterator]() as IterableIterator<[K, V]>;
  }
}

const EMPTY: ReadonlyMap<unknown, unknown> = new Map<unknown, unknown>();
