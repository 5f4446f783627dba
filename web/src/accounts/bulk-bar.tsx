import type { BulkAction } from '../api';
import { t } from '../i18n/t';

interface BulkBarProps {
  count: number;
  busy: boolean;
  onAction: (action: BulkAction) => void;
  onExport: () => void;
  onClear: () => void;
}

/** Actions on the selected accounts; shown while at least one row is ticked. */
export function BulkBar({ count, busy, onAction, onExport, onClear }: BulkBarProps) {
  return (
    <div class="bulk-bar" role="toolbar" aria-label={t('bulk.label')} data-testid="bulk-bar" data-count={count}>
      <strong data-testid="bulk-count">{t('bulk.selected', { count })}</strong>
      <button type="button" class="small" disabled={busy} data-testid="bulk-enable" onClick={() => onAction('enable')}>
        {t('bulk.enable')}
      </button>
      <button type="button" class="small" disabled={busy} data-testid="bulk-disable" onClick={() => onAction('disable')}>
        {t('bulk.disable')}
      </button>
      <button type="button" class="small" disabled={busy} data-testid="bulk-refresh" onClick={() => onAction('refresh')}>
        {t('bulk.refresh')}
      </button>
      <button type="button" class="small" disabled={busy} data-testid="bulk-export" onClick={onExport}>
        {t('bulk.export')}
      </button>
      <button type="button" class="small danger-outline" disabled={busy} data-testid="bulk-delete" onClick={() => onAction('delete')}>
        {t('bulk.delete')}
      </button>
      <button type="button" class="small link-button" data-testid="bulk-clear" onClick={onClear}>
        {t('bulk.clear')}
      </button>
    </div>
  );
}
