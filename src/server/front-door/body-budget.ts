/**
 * The bytes of request bodies in flight across all requests, bounded. A body is counted from its first byte (or,
 * when it declares a `Content-Length`, before any byte is read) until its response is finished, because that is
 * how long its text, its parsed form and its converted upstream request stay in memory. A request that would
 * take the total over `capacity` is refused (429, retry shortly) instead of growing the heap without bound.
 */
export class BodyBudget {
  private used = 0;

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.used;
  }

  /** Takes `bytes` if they fit; false (and nothing taken) when they do not. */
  tryTake(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
