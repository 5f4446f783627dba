import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { listAccounts } from '../api';
import type { AccountList, AccountView } from '../api';
import { describeError } from '../components/describe-error';
import { usePolling } from '../hooks/use-polling';
import { useServerEvent } from '../hooks/use-server-event';

const POLL_INTERVAL_MS = 2000;

/**
 * The account list, kept fresh three ways: `event: accounts` from `/api/events`, a 2 s poll while the tab is
 * visible (the fallback when the stream is down), and explicit refetches after the page's own actions.
 * Overlapping refetches collapse into one follow-up request.
 */
export function useAccounts() {
  const [list, setList] = useState<AccountList>();
  const [loadError, setLoadError] = useState<string>();
  const inFlight = useRef(false);
  const queued = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refetch = useCallback(() => {
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    inFlight.current = true;
    listAccounts()
      .then(
        (answer) => {
          if (!mounted.current) return;
          setList(answer);
          setLoadError(undefined);
        },
        (cause: unknown) => {
          if (mounted.current) setLoadError(describeError(cause));
        },
      )
      .finally(() => {
        inFlight.current = false;
        if (queued.current && mounted.current) {
          queued.current = false;
          refetch();
        }
      });
  }, []);

  /** Shows an action's answer at once, before the next refetch confirms it. */
  const replaceAccount = useCallback((account: AccountView) => {
    setList((current) =>
      current === undefined
        ? current
        : { ...current, accounts: current.accounts.map((item) => (item.id === account.id ? account : item)) },
    );
  }, []);

  usePolling(refetch, POLL_INTERVAL_MS);
  useServerEvent('accounts', refetch);

  return { list, loadError, refetch, replaceAccount };
}
