import { describe, expect, it } from 'vitest';
import { waitUnlessAborted } from './wait-unless-aborted.js';

describe('waitUnlessAborted', () => {
  it('passes the value or the error through when nothing aborts', async () => {
    await expect(waitUnlessAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(waitUnlessAborted(Promise.reject(new Error('boom')), new AbortController().signal)).rejects.toThrow('boom');
    await expect(waitUnlessAborted(Promise.resolve('no signal'), undefined)).resolves.toBe('no signal');
  });

  it('rejects with the abort reason while the work goes on', async () => {
    const controller = new AbortController();
    let finish: (value: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const waiting = waitUnlessAborted(work, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    finish('done for the others');
    await expect(work).resolves.toBe('done for the others');
  });

  it('rejects at once for an already aborted signal and never leaves an unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      const signal = AbortSignal.abort(new Error('gone'));
      let fail: (error: Error) => void = () => undefined;
      const work = new Promise<never>((_, reject) => {
        fail = reject;
      });
      await expect(waitUnlessAborted(work, signal)).rejects.toThrow('gone');
      const controller = new AbortController();
      let failLater: (error: Error) => void = () => undefined;
      const later = new Promise<never>((_, reject) => {
        failLater = reject;
      });
      const waiting = waitUnlessAborted(later, controller.signal);
      controller.abort(new Error('left'));
      await expect(waiting).rejects.toThrow('left');
      fail(new Error('late failure'));
      failLater(new Error('late failure too'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
