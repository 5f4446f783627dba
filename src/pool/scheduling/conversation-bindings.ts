/** How long a conversation stays bound to its account after its last request. */
export const DEFAULT_BINDING_TTL_MS = 60 * 60_000;
/** Bindings kept at most; the least recently used go first. */
export const DEFAULT_MAX_BINDINGS = 200_000;

interface Binding {
  accountId: string;
  expiresAt: number;
}

/**
 * Which account each conversation is bound to (Balance and CacheFirst), with a sliding TTL: a binding expires
 * `ttlMs` after its conversation's last request. Bindings live beside the pool, not in it, so reloading the account
 * files or changing an unrelated account keeps them (the desktop app clears them on every reload, reference §11
 * weakness 16); the pool drops an account's bindings when the account is disabled or removed.
 *
 * The map keeps its entries in least-recently-used order (a touch re-inserts), so expiry and the size bound look at
 * the oldest entries only: every operation is O(1) amortized.
 */
export class ConversationBindings {
  private readonly byConversation = new Map<string, Binding>();
  private readonly byAccount = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  private readonly maxBindings: number;

  constructor(options: { ttlMs?: number; maxBindings?: number } = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_BINDING_TTL_MS;
    this.maxBindings = options.maxBindings ?? DEFAULT_MAX_BINDINGS;
  }

  get size(): number {
    return this.byConversation.size;
  }

  /** The account the conversation is bound to, or undefined (expired bindings are dropped on the way). */
  get(conversationId: string, now: number): string | undefined {
    const binding = this.byConversation.get(conversationId);
    if (binding === undefined) return undefined;
    if (binding.expiresAt <= now) {
      this.delete(conversationId, binding.accountId);
      return undefined;
    }
    return binding.accountId;
  }

  /** Binds the conversation to the account (or keeps it bound) for another TTL. */
  set(conversationId: string, accountId: string, now: number): void {
    const existing = this.byConversation.get(conversationId);
    if (existing !== undefined) {
      this.byConversation.delete(conversationId);
      if (existing.accountId !== accountId) this.unindex(conversationId, existing.accountId);
    }
    this.byConversation.set(conversationId, { accountId, expiresAt: now + this.ttlMs });
    let conversations = this.byAccount.get(accountId);
    if (conversations === undefined) {
      conversations = new Set();
      this.byAccount.set(accountId, conversations);
    }
    conversations.add(conversationId);
    this.prune(now);
  }

  /** Drops every binding of an account (disabled or removed). */
  dropAccount(accountId: string): void {
    const conversations = this.byAccount.get(accountId);
    if (conversations === undefined) return;
    for (const conversationId of conversations) this.byConversation.delete(conversationId);
    this.byAccount.delete(accountId);
  }

  /** How many live conversations are bound to the account (tests, dashboard). */
  countFor(accountId: string): number {
    return this.byAccount.get(accountId)?.size ?? 0;
  }

  clear(): void {
    this.byConversation.clear();
    this.byAccount.clear();
  }

  private prune(now: number): void {
    for (const [conversationId, binding] of this.byConversation) {
      if (binding.expiresAt > now && this.byConversation.size <= this.maxBindings) return;
      this.delete(conversationId, binding.accountId);
    }
  }

  private delete(conversationId: string, accountId: string): void {
    this.byConversation.delete(conversationId);
    this.unindex(conversationId, accountId);
  }

  private unindex(conversationId: string, accountId: string): void {
    const conversations = this.byAccount.get(accountId);
    if (conversations === undefined) return;
    conversations.delete(conversationId);
    if (conversations.size === 0) this.byAccount.delete(accountId);
  }
}
