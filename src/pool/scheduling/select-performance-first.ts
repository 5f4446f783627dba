import { NO_ACCOUNT, type SchedulingStrategy, type SelectionView } from './scheduling-strategy.js';

/** Extra draws for a second, different candidate when the first draw repeats (few ready accounts). */
const SECOND_DRAW_ATTEMPTS = 3;

/**
 * **PerformanceFirst**: no conversation binding; every request goes to the better of two accounts drawn at random
 * from the healthy ones ("power of two choices", Mitzenmacher 2001: two random draws already spread load almost as
 * well as asking every account, in O(1)). Fewer requests in flight wins; on a tie, more quota left for the requested
 * model wins (the desktop app compares the account's best quota over all models instead, reference §11 weakness 7).
 */
export function createPerformanceFirstStrategy(): SchedulingStrategy {
  return {
    mode: 'PerformanceFirst',
    select(_request, view) {
      const picked = selectLessLoaded(view);
      return picked === undefined ? NO_ACCOUNT : { type: 'use', accountId: picked };
    },
  };
}

/** Two random ready accounts compared: fewer in flight, then more quota left; undefined when none is ready. */
export function selectLessLoaded(view: SelectionView): string | undefined {
  const first = view.randomReady();
  if (first === undefined) return undefined;
  let second: string | undefined;
  for (let attempt = 0; attempt < SECOND_DRAW_ATTEMPTS && (second === undefined || second === first); attempt++) second = view.randomReady();
  if (second === undefined || second === first) return first;
  const byLoad = view.inFlight(first) - view.inFlight(second);
  if (byLoad !== 0) return byLoad < 0 ? first : second;
  return view.quotaLeft(second) > view.quotaLeft(first) ? second : first;
}
