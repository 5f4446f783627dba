import type { FailureClass } from './account-pool.js';

/**
 * What one gateway instance tells the others about the accounts they share (the same data directory or, later,
 * the same Redis): cooldowns, invalid_grant disables, cleared cooldowns. Account files stay the truth for
 * persistent state; these events carry what lives in memory, so a second instance does not hammer an account
 * the first one just saw rate-limited.
 */
export type PoolEvent =
  | { type: 'cooldown'; origin: string; accountId: string; model?: string; until: number; failureClass: FailureClass; message: string }
  | { type: 'disabled'; origin: string; accountId: string }
  | { type: 'cooldowns-cleared'; origin: string; accountId?: string };

/** The seam a shared implementation (e.g. Redis pub/sub) plugs into. Delivery may include the sender's own events. */
export interface PoolCoordinator {
  publish(event: PoolEvent): void;
  subscribe(listener: (event: PoolEvent) => void): () => void;
}

/**
 * In-process message bus: every coordinator from `connect()` sees every event. One instance alone (the default)
 * is a bus with one member; tests connect two pools to prove the events keep them in step.
 */
export function createMemoryPoolBus(): { connect(): PoolCoordinator } {
  const listeners = new Set<(event: PoolEvent) => void>();
  return {
    connect: () => ({
      publish(event) {
        for (const listener of [...listeners]) listener(event);
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    }),
  };
}
