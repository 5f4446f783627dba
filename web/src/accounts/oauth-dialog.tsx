import type { AddAccountResult } from '../api';
import { Dialog } from '../components/dialog';
import { t } from '../i18n/t';
import { RefreshTokenForm } from './refresh-token-form';
import type { OAuthFlowState } from './use-oauth-flow';

interface OAuthDialogProps {
  flow: OAuthFlowState;
  /** set when re-authorizing a disabled account */
  email?: string;
  /** the email of the account the finished flow produced, once the list has it */
  doneEmail?: string;
  onRetry: () => void;
  onClose: () => void;
  onTokenAdded: (result: AddAccountResult) => void;
}

/** Progress of a Google sign-in, with the sign-in link as a fallback and (for re-authorization) a token paste. */
export function OAuthDialog({ flow, email, doneEmail, onRetry, onClose, onTokenAdded }: OAuthDialogProps) {
  const title = email === undefined ? t('oauth.addTitle') : t('oauth.reauthorizeTitle');
  return (
    <Dialog title={title} onClose={onClose} testId="oauth-dialog">
      <div class="stack">
        {email !== undefined && (
          <p class="hint" data-testid="oauth-hint">
            {t('oauth.signInAs')} <strong>{email}</strong>
          </p>
        )}

        {flow.phase === 'starting' && <p class="muted" data-testid="oauth-status" data-phase="starting">{t('oauth.starting')}</p>}

        {flow.phase === 'waiting' && (
          <div data-testid="oauth-status" data-phase="waiting">
            <p>{flow.popupBlocked ? t('oauth.popupBlocked') : t('oauth.waiting')}</p>
            <p>
              <a href={flow.url} target="_blank" rel="noopener noreferrer" data-testid="oauth-link">
                {t('oauth.openLink')}
              </a>
            </p>
            <p class="muted small-text spinner-line">{t('oauth.polling')}</p>
          </div>
        )}

        {flow.phase === 'done' && (
          <p class="form-success" role="status" data-testid="oauth-status" data-phase="done">
            {doneEmail !== undefined ? t('oauth.doneWithEmail', { email: doneEmail }) : t('oauth.done')}
          </p>
        )}

        {flow.phase === 'error' && (
          <div data-testid="oauth-status" data-phase="error">
            <p class="form-error" role="alert" data-testid="oauth-error">{flow.message}</p>
            <button type="button" onClick={onRetry} data-testid="oauth-retry">{t('oauth.retry')}</button>
          </div>
        )}

        {email !== undefined && flow.phase !== 'done' && (
          <section class="alternative">
            <h3>{t('oauth.orPaste')}</h3>
            <RefreshTokenForm onAdded={onTokenAdded} expectedEmail={email} />
          </section>
        )}
      </div>
    </Dialog>
  );
}
