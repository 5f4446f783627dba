/**
 * The content hash of every account file one `AccountStore.loadEach` read, by account id (bad files included): what the
 * pool was built from, which the watcher compares later changes with. Kept compact, as one map of positions and one
 * array of hashes, since a load of ten thousand files holds it for as long as the gateway runs.
 */
export class AccountFilesSnapshot {
  private readonly positions = new Map<string, number>();
  private readonly hashes: string[] = [];

  get size(): number {
    return this.hashes.length;
  }

  /** Records (or replaces) the hash of what a read of the file `id` saw. */
  record(id: string, hash: string): void {
    const position = this.positions.get(id);
    if (position === undefined) {
      this.positions.set(id, this.hashes.length);
      this.hashes.push(hash);
    } else {
      this.hashes[position] = hash;
    }
  }

  /** The content hash of the file `id` as read, or undefined when it was not. */
  hashOf(id: string): string | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.hashes[position];
  }

  ids(): IterableIterator<string> {
    return this.positions.keys();
  }

  /** Each file's id and content hash, in the order they were first recorded. */
  *hashesById(): IterableIterator<[string, string]> {
    for (const [id, position] of this.positions) yield [id, this.hashes[position]];
  }
}
