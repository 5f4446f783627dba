import { useState } from 'preact/hooks';
import { addAccountByRefreshToken } from '../api';
import type { AddAccountResult } from '../api';
import { describeError } from '../components/describe-error';
import { t } from '../i18n/t';

/** What adding a token did, in words: a new account, a disabled one brought back, or a token update. */
export function describeAddResult(result: AddAccountResult): string {
  const email = result.account.email;
  if (result.created) return t('addToken.created', { email });
  if (result.reenabled) return t('addToken.reenabled', { email });
  return t('addToken.updated', { email });
}

interface RefreshTokenFormProps {
  onAdded: (result: AddAccountResult) => void;
  /** the account being re-authorized, to warn when the token belongs to someone else */
  expectedEmail?: string;
  autoFocus?: boolean;
}

/** Paste a refresh token → `POST /api/accounts`; shows the result or the server's error (e.g. INVALID_GRANT). */
export function RefreshTokenForm({ onAdded, expectedEmail, autoFocus }: RefreshTokenFormProps) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<AddAccountResult>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed === '') {
      setError(t('addToken.empty'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const answer = await addAccountByRefreshToken(trimmed);
      setResult(answer);
      setToken('');
      onAdded(answer);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setBusy(false);
    }
  };

  const otherAccount =
    result !== undefined && expectedEmail !== undefined && result.account.email.toLowerCase() !== expectedEmail.toLowerCase();

  return (
    <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
      <label class="field">
        <span>{t('addToken.label')}</span>
        <textarea
          rows={3}
          autofocus={autoFocus}
          spellcheck={false}
          autocomplete="off"
          placeholder="1//0g…"
          value={token}
          data-testid="refresh-token-input"
          onInput={(event) => setToken(event.currentTarget.value)}
        />
      </label>
      <p class="muted small-text">{t('addToken.hint')}</p>
      {error !== undefined && (
        <p class="form-error" role="alert" data-testid="refresh-token-error">
          {error}
        </p>
      )}
      {result !== undefined && !otherAccount && (
        <p class="form-success" role="status" data-testid="refresh-token-result" data-created={result.created} data-reenabled={result.reenabled}>
          {describeAddResult(result)}
        </p>
      )}
      {result !== undefined && otherAccount && (
        // Re-authorizing A with B's token fixes nothing for A: say so, never "success".
        <p class="form-error" role="alert" data-testid="refresh-token-result" data-other-account="true" data-created={result.created} data-reenabled={result.reenabled}>
          {t('reauth.otherAccount', { actual: result.account.email, expected: expectedEmail ?? '' })}
        </p>
      )}
      <div class="row-end">
        <button type="submit" class="primary" disabled={busy} data-testid="refresh-token-submit">
          {busy ? t('addToken.adding') : t('addToken.submit')}
        </button>
      </div>
    </form>
  );
}
