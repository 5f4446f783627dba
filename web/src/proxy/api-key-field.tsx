import { useState } from 'preact/hooks';
import { regenerateApiKey } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { CopyButton } from '../components/copy-button';
import { maskSecret } from '../format/mask-secret';
import { t } from '../i18n/t';

interface ApiKeyFieldProps {
  apiKey: string;
  revealed: boolean;
  onRevealedChange: (revealed: boolean) => void;
  onRegenerated: (apiKey: string) => void;
}

/** The proxy API key: masked until revealed, copyable, and replaceable (the old key stops working at once). */
export function ApiKeyField({ apiKey, revealed, onRevealedChange, onRegenerated }: ApiKeyFieldProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div class="field">
      <span class="label">{t('proxy.apiKey')}</span>
      <div class="inline-group">
        <code class="value-box" data-testid="proxy-api-key" data-revealed={revealed}>
          {apiKey === '' ? t('proxy.noApiKey') : revealed ? apiKey : maskSecret(apiKey)}
        </code>
        <button type="button" class="small" data-testid="proxy-api-key-reveal" onClick={() => onRevealedChange(!revealed)}>
          {revealed ? t('proxy.hide') : t('proxy.reveal')}
        </button>
        <CopyButton text={apiKey} small testId="proxy-api-key-copy" />
        <button type="button" class="small danger-outline" data-testid="proxy-api-key-regenerate" onClick={() => setConfirming(true)}>
          {t('proxy.regenerate')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('proxy.regenerateTitle')}
          confirmLabel={t('proxy.regenerateConfirm')}
          danger
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const answer = await regenerateApiKey();
            onRegenerated(answer.api_key);
          }}
        >
          <p>{t('proxy.regenerateExplain')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
