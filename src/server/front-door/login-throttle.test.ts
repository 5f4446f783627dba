import { describe, expect, it } from 'vitest';
import { LoginThrottle, throttleKeyOf } from './login-throttle.js';

function makeThrottle() {
  const clock = { time: 1_000_000, now() { return this.time; } };
  const throttle = new LoginThrottle({ freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 60_000, clock });
  return { clock, throttle };
}

describe('LoginThrottle', () => {
  it('allows a handful of failures, then delays exponentially up to the cap', () => {
    const { clock, throttle } = makeThrottle();
    expect([1, 2, 3].map(() => throttle.recordFailure('a'))).toEqual([0, 0, 0]);
    expect(throttle.check('a')).toEqual({ allowed: true });
    expect(throttle.recordFailure('a')).toBe(1_000);
    expect(throttle.check('a')).toEqual({ allowed: false, retryAfterMs: 1_000 });
    clock.time += 999;
    expect(throttle.check('a')).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.time += 1;
    expect(throttle.check('a')).toEqual({ allowed: true });
    expect(throttle.recordFailure('a')).toBe(2_000);
    clock.time += 2_000;
    expect(throttle.recordFailure('a')).toBe(4_000);
    for (let index = 0; index < 20; index++) throttle.recordFailure('a');
    expect(throttle.check('a')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    // Other addresses are not affected.
    expect(throttle.check('b')).toEqual({ allowed: true });
  });

  it('the right password after the delay starts the address afresh', () => {
    const { clock, throttle } = makeThrottle();
    for (let index = 0; index < 5; index++) throttle.recordFailure('a');
    clock.time += 60_000;
    expect(throttle.check('a')).toEqual({ allowed: true });
    throttle.recordSuccess('a');
    expect(throttle.failures('a')).toBe(0);
    expect(throttle.recordFailure('a')).toBe(0);
  });

  it('forgets an address that stayed quiet, and bounds how many it tracks', () => {
    const { clock, throttle } = makeThrottle();
    for (let index = 0; index < 5; index++) throttle.recordFailure('a');
    clock.time += 120_001;
    expect(throttle.check('a')).toEqual({ allowed: true });
    expect(throttle.recordFailure('a')).toBe(0);
    const small = new LoginThrottle({ freeFailures: 0, baseDelayMs: 1_000, maxDelayMs: 60_000, maxClients: 2, clock });
    small.recordFailure('x');
    small.recordFailure('y');
    small.recordFailure('z');
    expect(small.failures('x')).toBe(0);
    expect(small.failures('z')).toBe(1);
  });

  it('keys IPv6 clients by their /64', () => {
    expect(throttleKeyOf('127.0.0.1')).toBe('127.0.0.1');
    expect(throttleKeyOf('::ffff:10.0.0.2')).toBe('10.0.0.2');
    expect(throttleKeyOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(throttleKeyOf('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(throttleKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(throttleKeyOf(undefined)).toBe('unknown');
  });
});
