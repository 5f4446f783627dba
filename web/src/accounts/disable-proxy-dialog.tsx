import { useState } from 'preact/hooks';
import type { AccountView } from '../api';
import { describeError } from '../components/describe-error';
import { Dialog } from '../components/dialog';
import { t } from '../i18n/t';

interface DisableProxyDialogProps {
  account: AccountView;
  onDisable: (reason: string) => Promise<void>;
  onClose: () => void;
}

/** Asks why an account is taken out of the proxy rotation; the reason is stored with the flag. */
export function DisableProxyDialog({ account, onDisable, onClose }: DisableProxyDialogProps) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onDisable(reason.trim());
      onClose();
    } catch (cause) {
      setError(describeError(cause));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('disable.title', { email: account.email })} onClose={onClose} testId="disable-dialog">
      <form class="stack" onSubmit={(event) => void submit(event)}>
        <p class="muted">{t('disable.explain')}</p>
        <label class="field">
          <span>{t('disable.reason')}</span>
          <input
            type="text"
            maxLength={500}
            autofocus
            value={reason}
            placeholder={t('disable.placeholder')}
            data-testid="disable-reason"
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </label>
        {error !== undefined && <p class="form-error" role="alert">{error}</p>}
        <div class="row-end">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" class="danger" disabled={busy} data-testid="disable-submit">
            {t('disable.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
