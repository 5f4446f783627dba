import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getOAuthStatus, startOAuth } from '../api';
import { describeError } from '../components/describe-error';
import { t } from '../i18n/t';

export type OAuthFlowState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'waiting'; url: string; popupBlocked: boolean }
  | { phase: 'done'; accountId: string | undefined }
  | { phase: 'error'; message: string; url?: string };

const POLL_INTERVAL_MS = 1500;
const GIVE_UP_AFTER_MS = 10 * 60 * 1000;

/**
 * Google sign-in through the gateway: `POST /api/accounts/oauth/start` gives the consent URL, the user finishes in
 * another window (Google redirects to the gateway's `/auth/callback`), and this polls the status until done/error.
 * `start` must run inside the click handler: the window is opened synchronously so pop-up blockers allow it, and
 * only pointed at Google once the URL is known.
 */
export function useOAuthFlow(onDone: (accountId: string | undefined) => void) {
  const [state, setState] = useState<OAuthFlowState>({ phase: 'idle' });
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latestDone = useRef(onDone);
  latestDone.current = onDone;

  const stop = useCallback(() => {
    generation.current += 1;
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
  }, []);

  useEffect(() => stop, [stop]);

  const cancel = useCallback(() => {
    stop();
    setState({ phase: 'idle' });
  }, [stop]);

  /** `loginHint`: the account being re-authorized; Google pre-selects it and the gateway checks the result is it. */
  const start = useCallback((loginHint?: string) => {
    stop();
    const run = generation.current;
    const popup = window.open('about:blank', '_blank');
    if (popup !== null) {
      try {
        popup.opener = null;
        popup.document.title = t('oauth.popupTitle');
        popup.document.body.textContent = t('oauth.popupOpening');
      } catch {
        // A browser may refuse to script the blank window; it will still be navigated below.
      }
    }
    setState({ phase: 'starting' });
    const startedAt = Date.now();

    const poll = (oauthState: string, url: string) => {
      if (run !== generation.current) return;
      if (Date.now() - startedAt > GIVE_UP_AFTER_MS) {
        setState({ phase: 'error', message: t('oauth.timedOut'), url });
        return;
      }
      getOAuthStatus(oauthState).then(
        (status) => {
          if (run !== generation.current) return;
          if (status.status === 'done') {
            setState({ phase: 'done', accountId: status.accountId });
            latestDone.current(status.accountId);
          } else if (status.status === 'error') {
            setState({ phase: 'error', message: status.error ?? t('oauth.failed'), url });
          } else {
            timer.current = setTimeout(() => poll(oauthState, url), POLL_INTERVAL_MS);
          }
        },
        () => {
          // A dropped poll is retried; the gateway may be restarting.
          if (run === generation.current) timer.current = setTimeout(() => poll(oauthState, url), POLL_INTERVAL_MS * 2);
        },
      );
    };

    startOAuth(loginHint).then(
      ({ url, state: oauthState }) => {
        if (run !== generation.current) {
          popup?.close();
          return;
        }
        if (popup !== null && !popup.closed) popup.location.href = url;
        setState({ phase: 'waiting', url, popupBlocked: popup === null });
        timer.current = setTimeout(() => poll(oauthState, url), POLL_INTERVAL_MS);
      },
      (cause: unknown) => {
        popup?.close();
        if (run === generation.current) setState({ phase: 'error', message: describeError(cause) });
      },
    );
  }, [stop]);

  return { state, start, cancel };
}
