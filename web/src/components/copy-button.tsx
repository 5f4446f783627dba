import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/t';

/** Copies text; falls back to a hidden textarea where the Clipboard API is missing (plain http on a LAN address). */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard !== undefined && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error(t('copy.failed'));
  } finally {
    area.remove();
  }
}

interface CopyButtonProps {
  text: string;
  label?: string;
  testId?: string;
  small?: boolean;
}

export function CopyButton({ text, label, testId, small }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  const caption = state === 'copied' ? t('copy.copied') : state === 'failed' ? t('copy.failed') : (label ?? t('copy.copy'));
  return (
    <button
      type="button"
      class={small ? 'small' : undefined}
      data-testid={testId}
      data-copy-state={state}
      onClick={() => {
        copyText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      {caption}
    </button>
  );
}
