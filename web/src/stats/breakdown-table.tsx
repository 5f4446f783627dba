import type { StatsGroup } from '../api';
import { formatCompactNumber, formatInteger } from '../format/format-compact-number';
import { getLocale, t } from '../i18n/t';

interface BreakdownTableProps {
  groups: StatsGroup[];
  dimension: 'model' | 'account' | 'client_key' | 'protocol';
  keyLabel: string;
  emptyKeyLabel: string;
}

/** Requests and tokens per model / account / client key, with a bar for each one's share of the tokens. */
export function BreakdownTable({ groups, dimension, keyLabel, emptyKeyLabel }: BreakdownTableProps) {
  const locale = getLocale();
  if (groups.length === 0) return <p class="muted" data-testid={`stats-${dimension}-empty`}>{t('stats.noData')}</p>;
  const maxTokens = Math.max(1, ...groups.map((group) => group.input_tokens + group.output_tokens));
  return (
    <table class="data-table breakdown-table" data-testid={`stats-by-${dimension}`}>
      <thead>
        <tr>
          <th>{keyLabel}</th>
          <th class="numeric">{t('stats.requests')}</th>
          <th class="numeric">{t('stats.errors')}</th>
          <th>{t('stats.tokensInOut')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => {
          const tokens = group.input_tokens + group.output_tokens;
          return (
            <tr key={group.key} data-testid="stats-row" data-dimension={dimension} data-key={group.key} data-requests={group.requests} data-tokens={tokens}>
              <td class="mono ellipsis" data-label={keyLabel} title={group.key}>
                {group.key === '' ? <span class="muted">{emptyKeyLabel}</span> : group.key}
              </td>
              <td class="numeric" data-label={t('stats.requests')}>{formatInteger(group.requests, locale)}</td>
              <td class="numeric" data-label={t('stats.errors')}>{group.errors > 0 ? <span class="failures">{formatInteger(group.errors, locale)}</span> : '0'}</td>
              <td data-label={t('stats.tokensInOut')}>
                <div class="share">
                  <span class="share-bar" aria-hidden="true">
                    <span class="series-0" style={{ width: `${(group.input_tokens / maxTokens) * 100}%` }} />
                    <span class="series-2" style={{ width: `${(group.output_tokens / maxTokens) * 100}%` }} />
                  </span>
                  <span class="share-value">
                    {formatCompactNumber(group.input_tokens, locale)} / {formatCompactNumber(group.output_tokens, locale)}
                  </span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
