import type { ConversationBindings } from './conversation-bindings.js';
import { NO_ACCOUNT, type SchedulingStrategy, type SelectionDecision, type SelectionRequest, type SelectionView } from './scheduling-strategy.js';

/**
 * **Balance** (the default): one conversation stays on one account, so the backend's prompt cache, which lives per
 * account, keeps paying off; new conversations are spread over the accounts in rotation. When the bound account
 * cannot serve — cooling down, held back by quota protection, disabled or removed — the conversation moves at once
 * to the next account and stays there (it does not go back when the first recovers: its cache is on the new one now).
 * Requests without a conversation id simply rotate.
 */
export function createBalanceStrategy(bindings: ConversationBindings): SchedulingStrategy {
  return {
    mode: 'Balance',
    select(request, view) {
      const bound = selectBoundAccount(bindings, request, view);
      return bound ?? assignConversation(bindings, request, view);
    },
  };
}

/** The conversation's bound account when it can take the request now (its binding is renewed), else undefined. */
export function selectBoundAccount(bindings: ConversationBindings, request: SelectionRequest, view: SelectionView): SelectionDecision | undefined {
  if (request.conversationId === undefined) return undefined;
  const bound = bindings.get(request.conversationId, request.now);
  if (bound === undefined || view.stateOf(bound).kind !== 'ready') return undefined;
  bindings.set(request.conversationId, bound, request.now);
  return { type: 'use', accountId: bound };
}

/** The next account in rotation, bound to the conversation from now on. */
export function assignConversation(bindings: ConversationBindings, request: SelectionRequest, view: SelectionView): SelectionDecision {
  const picked = view.nextInRotation();
  if (picked === undefined) return NO_ACCOUNT;
  if (request.conversationId !== undefined) bindings.set(request.conversationId, picked, request.now);
  return { type: 'use', accountId: picked };
}
