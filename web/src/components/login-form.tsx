import { useState } from 'preact/hooks';
import { ApiError, login } from '../api';
import { t } from '../i18n/t';
import { describeError } from './describe-error';

/** The admin password form; the gateway answers with the `agt_session` cookie that every later call carries. */
export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (password === '') {
      setError(t('login.empty'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await login(password);
      setPassword('');
      onLoggedIn();
    } catch (cause) {
      setError(cause instanceof ApiError && cause.status === 401 ? t('login.wrong') : describeError(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login-page">
      <form class="login-card" onSubmit={(event) => void submit(event)} data-testid="login-form" noValidate>
        <h1>
          <span class="brand-mark">agt</span> {t('login.title')}
        </h1>
        <p class="muted">{t('login.hint')}</p>
        <label class="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            autocomplete="current-password"
            autofocus
            value={password}
            data-testid="login-password"
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {error !== undefined && (
          <p class="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy} data-testid="login-submit">
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
