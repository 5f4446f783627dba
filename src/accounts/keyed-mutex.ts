/**
 * Per-key async mutex for one process: tasks with the same key run one after another, in call order.
 * Module-wide on purpose, so two stores opened on the same directory in one process still serialise.
 */
const tails = new Map<string, Promise<void>>();

export async function runExclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const current = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => current);
  tails.set(key, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
