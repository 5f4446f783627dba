import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/t';

export interface Notice {
  kind: 'success' | 'error' | 'info';
  text: string;
}

/** How long a success line stays: long enough to read, short enough not to describe a state that has moved on. */
const SUCCESS_VISIBLE_MS = 8000;

/** One dismissible status line under a page title (results of actions, load failures); successes fade by themselves. */
export function NoticeBar({ notice, onDismiss }: { notice: Notice | undefined; onDismiss: () => void }) {
  const latestDismiss = useRef(onDismiss);
  latestDismiss.current = onDismiss;
  useEffect(() => {
    if (notice?.kind !== 'success') return;
    const timer = setTimeout(() => latestDismiss.current(), SUCCESS_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  if (notice === undefined) return null;
  return (
    <div class={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span data-testid="notice-text">{notice.text}</span>
      <button type="button" class="icon-button" aria-label={t('common.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
