/** An item of a ReadySet: its index in the set's array, -1 while it is not in it (the set keeps this up to date). */
export interface ReadySetItem {
  readyPosition: number;
}

/**
 * The accounts that can be picked right now, with O(1) insert, remove and round-robin pick. Removal swaps
 * the last element into the hole, which keeps the array dense; the cursor keeps rotating over it. Each item carries its
 * own index (`readyPosition`), so the set needs no map from ids to indexes (ten thousand accounts: half a megabyte).
 * An item belongs to at most one ReadySet.
 */
export class ReadySet<T extends ReadySetItem> {
  private readonly items: T[] = [];
  private cursor = 0;

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return item.readyPosition !== -1;
  }

  add(item: T): void {
    if (item.readyPosition !== -1) return;
    item.readyPosition = this.items.length;
    this.items.push(item);
  }

  delete(item: T): void {
    const index = item.readyPosition;
    if (index === -1) return;
    const last = this.items.pop() as T;
    item.readyPosition = -1;
    if (index < this.items.length) {
      this.items[index] = last;
      last.readyPosition = index;
    }
  }

  /**
   * The next item in rotation for which `accept` is true, looking at no more than every item once.
   * Skipped items (tried this request, cooling for this model) are rare, so this is O(1) in practice.
   */
  next(accept: (item: T) => boolean): T | undefined {
    const count = this.items.length;
    for (let step = 0; step < count; step++) {
      const index = (this.cursor + step) % count;
      const item = this.items[index];
      if (accept(item)) {
        this.cursor = index + 1;
        return item;
      }
    }
    return undefined;
  }

  /** An item drawn uniformly at random (`random` returns [0, 1)), or undefined when empty. O(1). */
  random(random: () => number): T | undefined {
    const count = this.items.length;
    return count === 0 ? undefined : this.items[Math.floor(random() * count)];
  }

  /** The first item from index `start` on (wrapping) for which `accept` is true; the rotation cursor is not moved. */
  find(start: number, accept: (item: T) => boolean): T | undefined {
    const count = this.items.length;
    for (let step = 0; step < count; step++) {
      const item = this.items[(start + step) % count];
      if (accept(item)) return item;
    }
    return undefined;
  }

  values(): readonly T[] {
    return this.items;
  }

  clear(): void {
    for (const item of this.items) item.readyPosition = -1;
    this.items.length = 0;
    this.cursor = 0;
  }
}
