/**
 * Waits for `promise`, but gives up as soon as `signal` aborts (rejecting with the signal's reason), without
 * cancelling the work itself: a single-flight token refresh shared by many requests keeps going for the
 * others when one request's deadline passes or its client leaves. A late rejection of `promise` after the
 * abort is swallowed here so it never becomes an unhandled rejection.
 */
export function waitUnlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
