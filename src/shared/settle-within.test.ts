import { afterEach, describe, expect, it, vi } from 'vitest';
import { settleWithin } from './settle-within.js';

describe('settleWithin', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes on the value or the error of a promise that settles in time, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(settleWithin(Promise.resolve(42), 1_000, () => new Error('late'))).resolves.toBe(42);
    await expect(settleWithin(Promise.reject(new Error('boom')), 1_000, () => new Error('late'))).rejects.toThrow('boom');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the timeout error when the promise has not settled within the time, and ignores it after', async () => {
    vi.useFakeTimers();
    let resolveLate: (value: string) => void = () => undefined;
    const late = new Promise<string>((resolve) => (resolveLate = resolve));
    const raced = settleWithin(late, 1_000, () => new RangeError('no answer within 1 s'));
    const outcome = raced.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await vi.advanceTimersByTimeAsync(999);
    resolveLate('too late');
    await vi.advanceTimersByTimeAsync(0);
    expect(await outcome).toEqual({ value: 'too late' });

    const never = new Promise<string>(() => undefined);
    const timedOut = settleWithin(never, 1_000, () => new RangeError('no answer within 1 s'));
    const caught = timedOut.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await caught;
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('no answer within 1 s');
  });
});
