import { commonPrefixLength } from '../shared/common-prefix-length.js';
import { commonSuffixLength } from '../shared/common-suffix-length.js';

/**
 * The last few request bodies the request log's writer scanned and found free of secrets, so the next scan can skip
 * what a new body shares with one of them (shared/redact.ts `scanStartAfterCleanPrefix`). A client sends its tool
 * list and system prompt again on every turn, and a conversation's history only grows, so most of a body usually
 * repeats the beginning of one sent just before. Copies are kept in buffers allocated once.
 */
/** A body replaces the kept one it shares at least this much with (JSON bodies all share their first bytes). */
const MIN_SHARED_TO_REPLACE = 1024;

export class RecentCleanBodies {
  /** `whole`: the slot holds all of its body (not only its beginning), so its end is the body's end. */
  private readonly slots: { bytes: Buffer; length: number; whole: boolean; usedAt: number }[] = [];
  private clock = 0;

  /**
   * @param count bodies kept
   * @param maxBytes longest beginning kept of each (the most a scan reads)
   */
  constructor(
    private readonly count: number,
    private readonly maxBytes: number,
  ) {}

  /** The longest beginning `bytes` shares with a kept body, and which one (-1 when none is kept). */
  longestSharedPrefix(bytes: Uint8Array): { length: number; slot: number } {
    let best = { length: 0, slot: -1 };
    for (let slot = 0; slot < this.slots.length; slot += 1) {
      const kept = this.slots[slot];
      const length = commonPrefixLength(kept.bytes.subarray(0, kept.length), bytes);
      if (length > best.length) best = { length, slot };
    }
    return best;
  }

  /**
   * The longest end `bytes` shares with a kept body that is kept whole (0 when none): a body's end, unlike its
   * beginning, is only known when all of it was kept.
   */
  longestSharedSuffix(bytes: Uint8Array): number {
    let best = 0;
    for (const kept of this.slots) {
      if (kept.whole) best = Math.max(best, commonSuffixLength(kept.bytes.subarray(0, kept.length), bytes));
    }
    return best;
  }

  /**
   * Keeps (the beginning of) a body found clean, in place of `similar` when they share at least 1 KiB — most likely
   * the previous turn of the same conversation — or else in a free place or that of the body unused the longest.
   */
  remember(bytes: Uint8Array, similar: { length: number; slot: number }): void {
    this.clock += 1;
    let slot = similar.slot >= 0 && similar.length >= MIN_SHARED_TO_REPLACE ? similar.slot : -1;
    if (slot < 0 && this.slots.length < this.count) {
      this.slots.push({ bytes: Buffer.allocUnsafe(this.maxBytes), length: 0, whole: false, usedAt: 0 });
      slot = this.slots.length - 1;
    }
    if (slot < 0) slot = this.slots.reduce((oldest, kept, index) => (kept.usedAt < this.slots[oldest].usedAt ? index : oldest), 0);
    const target = this.slots[slot];
    const length = Math.min(bytes.length, this.maxBytes);
    // In the place of `similar`, its shared beginning is there already.
    const from = slot === similar.slot ? Math.min(similar.length, length) : 0;
    target.bytes.set(bytes.subarray(from, length), from);
    target.length = length;
    target.whole = length === bytes.length;
    target.usedAt = this.clock;
  }
}
