import type { SchedulingMode } from '../../config/config-schema.js';

export type { SchedulingMode };

/** What a strategy knows about the request it picks an account for. */
export interface SelectionRequest {
  /** The conversation the request belongs to (`protocols/conversation-id`), when known. */
  conversationId: string | undefined;
  /** Milliseconds since the epoch. */
  now: number;
  /** CacheFirst's longest wait for its briefly rate-limited account (`max_wait_seconds`), in ms. */
  maxWaitMs: number;
  /** The request's deadline (ms since the epoch), when known: nothing waits beyond it. */
  deadlineMs: number | undefined;
  /** False once this request has waited as often as it may: strategies must then move instead of waiting. */
  mayWait: boolean;
}

/**
 * One account as this request sees it:
 * - `ready`: it can take the request now;
 * - `rate_limited`: it is cooling after a rate limit (429 / quota / capacity) until `until` — reported even when this
 *   request already tried it, so CacheFirst can wait for it;
 * - `unavailable`: gone, disabled, held back by quota protection, cooling after an error, busy with a half-open
 *   trial, not serving the model, or already tried by this request.
 */
export type CandidateState = { kind: 'ready' } | { kind: 'rate_limited'; until: number } | { kind: 'unavailable' };

/**
 * The pool as a strategy sees it, for one request. Every method answers in O(1) (amortized; the random and rotation
 * picks scan further only when most accounts cannot take this request).
 */
export interface SelectionView {
  stateOf(accountId: string): CandidateState;
  /** The next ready account in rotation (round robin over the accounts not cooling), or undefined. */
  nextInRotation(): string | undefined;
  /** A ready account drawn uniformly at random, or undefined. */
  randomReady(): string | undefined;
  /** Requests in flight on the account. */
  inFlight(accountId: string): number;
  /** The account's quota left for this request's model, 0-100 (100 when the quota is not known). */
  quotaLeft(accountId: string): number;
}

export type SelectionDecision =
  | { type: 'use'; accountId: string }
  /** Wait until `until` for this account, then ask again (CacheFirst). */
  | { type: 'wait'; accountId: string; until: number }
  | { type: 'none' };

/**
 * A scheduling mode (`proxy.scheduling.mode`): picks the account for one request from the view. Strategies hold no
 * account state of their own — only the conversation bindings they are given — so a shared (Redis-backed) pool can
 * run the same ones over its own view and binding store.
 */
export interface SchedulingStrategy {
  readonly mode: SchedulingMode;
  select(request: SelectionRequest, view: SelectionView): SelectionDecision;
}

export const NO_ACCOUNT: SelectionDecision = Object.freeze({ type: 'none' });
