/**
 * The accounts that can be picked right now, with O(1) insert, remove and round-robin pick. Removal swaps
 * the last element into the hole, which keeps the array dense; the cursor keeps rotating over it.
 */
export class ReadySet<T extends { id: string }> {
  private readonly items: T[] = [];
  private readonly positions = new Map<string, number>();
  private cursor = 0;

  get size(): number {
    return this.items.length;
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  add(item: T): void {
    if (this.positions.has(item.id)) return;
    this.positions.set(item.id, this.items.length);
    this.items.push(item);
  }

  delete(id: string): void {
    const index = this.positions.get(id);
    if (index === undefined) return;
    const last = this.items.pop() as T;
    this.positions.delete(id);
    if (index < this.items.length) {
      this.items[index] = last;
      this.positions.set(last.id, index);
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
    this.items.length = 0;
    this.positions.clear();
    this.cursor = 0;
  }
}
