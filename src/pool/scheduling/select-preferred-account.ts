import type { SelectionView } from './scheduling-strategy.js';

/**
 * **Fixed account** (`proxy.preferred_account_id`): every request goes to that account while it can take it. While it
 * cannot — rate-limited, cooling, disabled, held back by quota protection, busy with its half-open trial — the mode's
 * strategy picks another; the first request after its cooldown is its trial, and once that succeeds it takes all the
 * traffic again. Unlike the desktop app, a failed token refresh never makes it serve with a stale token.
 */
export function selectPreferredAccount(preferredAccountId: string | null, view: SelectionView): string | undefined {
  if (preferredAccountId === null || preferredAccountId === '') return undefined;
  return view.stateOf(preferredAccountId).kind === 'ready' ? preferredAccountId : undefined;
}
