/**
 * @module pool/scheduling — the scheduling modes (`proxy.scheduling.mode`) as strategies over a view of the pool, the
 * fixed account, and the conversation bindings they share. Each mode is in its own file.
 */
export { ConversationBindings, DEFAULT_BINDING_TTL_MS } from './conversation-bindings.js';
export { createSchedulingStrategies } from './create-scheduling-strategies.js';
export { createBalanceStrategy } from './select-balance.js';
export { createCacheFirstStrategy } from './select-cache-first.js';
export { createPerformanceFirstStrategy, selectLessLoaded } from './select-performance-first.js';
export { selectPreferredAccount } from './select-preferred-account.js';
export { NO_ACCOUNT } from './scheduling-strategy.js';
export type { CandidateState, SchedulingMode, SchedulingStrategy, SelectionDecision, SelectionRequest, SelectionView } from './scheduling-strategy.js';
