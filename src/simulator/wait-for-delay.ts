/**
 * Waiting while a response is still wanted: resolves true after `ms`, or false as soon as the client has gone
 * (so a latency fault or a slow stream never outlives its connection).
 */
import type { ServerResponse } from 'node:http';

export function waitForDelay(ms: number, response: ServerResponse): Promise<boolean> {
  if (response.destroyed || response.writableEnded) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(!response.destroyed);
    }, ms);
    response.once('close', onClose);
  });
}

/** Never answers: resolves when the client goes away. */
export function waitForClientToLeave(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}
