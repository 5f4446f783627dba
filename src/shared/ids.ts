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

/**
 * A UUID (version 7 layout: milliseconds first) for rows keyed by a text id: time-ordered ids land at the end
 * of the primary-key B-tree instead of all over it, which keeps the request log's inserts cheap.
 */
export function generateTimeOrderedUuid(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0').slice(-12);
  const unique = generateId();
  const sequence = unique.slice(-13);
  const prefix = unique.slice(0, 9);
  const variant = (8 + (parseInt(sequence[0], 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.slice(1, 4)}-${variant}${sequence.slice(4, 7)}-${sequence.slice(7)}${prefix.slice(0, 6)}`;
}
