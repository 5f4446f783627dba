import { randomBytes } from 'node:crypto';

/**
 * Cheap unique ids for the hot path (request ids, response ids, upstream request ids): a random per-process
 * prefix plus a counter. They are unique, not secret — `crypto.randomBytes` per request costs several µs.
 */
const PROCESS_PREFIX = randomBytes(6).toString('hex');
let counter = 0;

export function generateId(): string {
  counter = counter === Number.MAX_SAFE_INTEGER ? 1 : counter + 1;
  return `${PROCESS_PREFIX}${counter.toString(16).padStart(10, '0')}`;
}
