import { t } from '../i18n/t';
import { createMappingRow } from './convert-mapping-rows';
import type { MappingRow } from './convert-mapping-rows';

interface MappingEditorProps {
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  invalidRow?: number;
}

/** Rows of "requested model → upstream model"; `*` in the source matches any text (e.g. `gpt-4*`). */
export function MappingEditor({ rows, onChange, invalidRow }: MappingEditorProps) {
  const update = (key: number, change: Partial<MappingRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  return (
    <div class="mapping-editor" data-testid="mapping-editor">
      {rows.length === 0 && <p class="muted">{t('mapping.empty')}</p>}
      {rows.map((row, index) => (
        <div key={row.key} class={index === invalidRow ? 'mapping-row invalid' : 'mapping-row'} data-testid="mapping-row">
          <input
            type="text"
            aria-label={t('mapping.from')}
            placeholder={t('mapping.fromPlaceholder')}
            value={row.from}
            spellcheck={false}
            data-testid="mapping-from"
            onInput={(event) => update(row.key, { from: event.currentTarget.value })}
          />
          <span class="arrow" aria-hidden="true">→</span>
          <input
            type="text"
            aria-label={t('mapping.to')}
            placeholder={t('mapping.toPlaceholder')}
            value={row.to}
            spellcheck={false}
            data-testid="mapping-to"
            onInput={(event) => update(row.key, { to: event.currentTarget.value })}
          />
          <button
            type="button"
            class="icon-button"
            aria-label={t('mapping.remove')}
            title={t('mapping.remove')}
            data-testid="mapping-remove"
            onClick={() => onChange(rows.filter((item) => item.key !== row.key))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" class="small" data-testid="mapping-add" onClick={() => onChange([...rows, createMappingRow()])}>
        {t('mapping.add')}
      </button>
    </div>
  );
}
