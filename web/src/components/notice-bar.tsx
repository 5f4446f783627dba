import { t } from '../i18n/t';

export interface Notice {
  kind: 'success' | 'error' | 'info';
  text: string;
}

/** One dismissible status line under a page title (results of actions, load failures). */
export function NoticeBar({ notice, onDismiss }: { notice: Notice | undefined; onDismiss: () => void }) {
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
