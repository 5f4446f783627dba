import type { ConversationBindings } from './conversation-bindings.js';
import { createBalanceStrategy } from './select-balance.js';
import { createCacheFirstStrategy } from './select-cache-first.js';
import { createPerformanceFirstStrategy } from './select-performance-first.js';
import type { SchedulingMode, SchedulingStrategy } from './scheduling-strategy.js';

/** One strategy per mode over shared bindings, so switching modes at run time keeps every conversation's account. */
export function createSchedulingStrategies(bindings: ConversationBindings): Record<SchedulingMode, SchedulingStrategy> {
  return {
    Balance: createBalanceStrategy(bindings),
    CacheFirst: createCacheFirstStrategy(bindings),
    PerformanceFirst: createPerformanceFirstStrategy(),
  };
}
