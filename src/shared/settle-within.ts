/**
 * `promise`, or a rejection with `timeoutError()` if it has not settled within `ms`. One promise and one timer,
 * cleared when `promise` settles; `promise` itself is not cancelled (the caller aborts whatever it was waiting for).
 */
export function settleWithin<T>(promise: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
