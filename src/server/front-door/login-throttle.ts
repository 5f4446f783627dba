import type { Clock } from '../../shared/clock.js';
import { systemClock } from '../../shared/clock.js';

export interface LoginThrottleOptions {
  /** Failures allowed before any delay (default 5). */
  freeFailures: number;
  /** Delay after the first failure beyond the free ones; doubles with each further failure (default 1 s). */
  baseDelayMs: number;
  /** Longest delay (default 15 min). */
  maxDelayMs: number;
  /** Clients tracked at most; the least recently seen are forgotten first (default 10,000). */
  maxClients?: number;
  clock?: Clock;
}

interface ClientRecord {
  failures: number;
  blockedUntil: number;
  lastSeen: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Admin password guessing, slowed per client address: after `freeFailures` wrong passwords in a row, each further
 * failure blocks the address for `baseDelayMs · 2^(n-1)` (capped at `maxDelayMs`). While blocked, every attempt is
 * answered 429 with `Retry-After` without being checked; once the delay has passed the right password works
 * again and clears the record. A record is forgotten once it has been quiet for twice the longest delay.
 */
export class LoginThrottle {
  private readonly clients = new Map<string, ClientRecord>();
  private readonly clock: Clock;
  private readonly maxClients: number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** Whether `client` may try a password now. */
  check(client: string): ThrottleVerdict {
    const record = this.clients.get(client);
    if (record === undefined) return { allowed: true };
    const now = this.clock.now();
    if (now - record.lastSeen > 2 * this.options.maxDelayMs && now >= record.blockedUntil) {
      this.clients.delete(client);
      return { allowed: true };
    }
    if (now < record.blockedUntil) return { allowed: false, retryAfterMs: record.blockedUntil - now };
    return { allowed: true };
  }

  /** Records a wrong password; returns the delay now imposed (0 while failures are still free). */
  recordFailure(client: string): number {
    const now = this.clock.now();
    let record = this.clients.get(client);
    if (record !== undefined && now - record.lastSeen > 2 * this.options.maxDelayMs) record = undefined;
    record ??= { failures: 0, blockedUntil: 0, lastSeen: now };
    record.failures += 1;
    record.lastSeen = now;
    const over = record.failures - this.options.freeFailures;
    const delay = over > 0 ? Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over - 1, 40)) : 0;
    record.blockedUntil = now + delay;
    // Re-insert so the Map's order is least recently seen first.
    this.clients.delete(client);
    this.clients.set(client, record);
    while (this.clients.size > this.maxClients) {
      const oldest = this.clients.keys().next().value as string;
      this.clients.delete(oldest);
    }
    return delay;
  }

  /** Records a right password: the client starts afresh. */
  recordSuccess(client: string): void {
    this.clients.delete(client);
  }

  /** Consecutive failures recorded for `client` (for logs). */
  failures(client: string): number {
    return this.clients.get(client)?.failures ?? 0;
  }
}

/**
 * The throttle key of a client address: the address itself, but a whole /64 for IPv6 (one host usually holds a
 * whole /64 and could rotate through it).
 */
export function throttleKeyOf(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const groups = expandIPv6(address);
  return groups === null ? address : `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] | null {
  const [head, tail] = address.toLowerCase().replace(/%.*$/, '').split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  if (tail === undefined && left.length !== 8) return null;
  const missing = 8 - left.length - right.length;
  if (missing < 0) return null;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}
