import type { ConversationBindings } from './conversation-bindings.js';
import { assignConversation, selectBoundAccount } from './select-balance.js';
import type { SchedulingStrategy } from './scheduling-strategy.js';

/**
 * **CacheFirst**: Balance, except that a conversation whose account is only briefly rate-limited waits for it rather
 * than moving and losing its prompt cache: when the bound account's rate limit ends within `max_wait_seconds` (and
 * before the request's deadline), the request waits until then and asks again — it then gets the account, or its
 * half-open trial goes to another request and the conversation moves. Longer rate limits, errors, quota protection
 * and disabled accounts move the conversation at once, as in Balance. (The desktop app declares this mode but runs
 * Balance for it, reference §11 weakness 6.)
 */
export function createCacheFirstStrategy(bindings: ConversationBindings): SchedulingStrategy {
  return {
    mode: 'CacheFirst',
    select(request, view) {
      const bound = selectBoundAccount(bindings, request, view);
      if (bound !== undefined) return bound;
      if (request.conversationId !== undefined && request.mayWait && request.maxWaitMs > 0) {
        const accountId = bindings.get(request.conversationId, request.now);
        const state = accountId === undefined ? undefined : view.stateOf(accountId);
        if (accountId !== undefined && state?.kind === 'rate_limited') {
          const fitsWait = state.until - request.now <= request.maxWaitMs;
          const fitsDeadline = request.deadlineMs === undefined || state.until < request.deadlineMs;
          if (fitsWait && fitsDeadline) return { type: 'wait', accountId, until: state.until };
        }
      }
      return assignConversation(bindings, request, view);
    },
  };
}
