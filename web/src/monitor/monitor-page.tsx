import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { LOG_EXPORT_URL, listLogs } from '../api';
import type { LogPage, LogSummary } from '../api';
import { describeError } from '../components/describe-error';
import { formatDateTime, formatTimeOfDay } from '../format/format-date-time';
import { formatDuration } from '../format/format-duration';
import { usePolling } from '../hooks/use-polling';
import { useServerEvent } from '../hooks/use-server-event';
import { t } from '../i18n/t';
import { LogDetailDialog } from './log-detail-dialog';
import { EMPTY_LOG_FILTERS, convertFiltersToQuery, hasActiveFilters } from './log-filters';
import type { LogFilters } from './log-filters';
import { formatRequestPath } from './format-request-path';
import { mapStatusTone } from './map-status-tone';

const PAGE_SIZE = 50;
const FILTER_DEBOUNCE_MS = 300;
const POLL_INTERVAL_MS = 10_000;
const STATUS_CHOICES = ['200', '400', '401', '403', '404', '429', '500', '502', '503', '529'];

function isLogSummary(value: unknown): value is LogSummary {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && typeof record.timestamp === 'number' && typeof record.status === 'number';
}

function formatTokens(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toLocaleString();
}

export function MonitorPage() {
  const [filters, setFilters] = useState<LogFilters>(EMPTY_LOG_FILTERS);
  const [applied, setApplied] = useState<LogFilters>(EMPTY_LOG_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<LogPage & { offset: number }>();
  const [loadError, setLoadError] = useState<string>();
  const [live, setLive] = useState(true);
  const [missed, setMissed] = useState(0);
  const [selected, setSelected] = useState<LogSummary>();
  const request = useRef(0);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Text filters wait for a pause in typing; selects apply at once (the same debounce, no harm).
  useEffect(() => {
    const timer = setTimeout(() => {
      setApplied(filters);
      setOffset(0);
    }, FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filters]);

  const load = useCallback(() => {
    const run = ++request.current;
    listLogs(convertFiltersToQuery(applied, offset, PAGE_SIZE)).then(
      (answer) => {
        if (run !== request.current) return;
        setPage({ ...answer, offset });
        setLoadError(undefined);
        if (offset === 0) setMissed(0);
      },
      (cause: unknown) => {
        if (run === request.current) setLoadError(describeError(cause));
      },
    );
  }, [applied, offset]);

  useEffect(load, [load]);
  usePolling(load, POLL_INTERVAL_MS, live && offset === 0);
  useEffect(() => () => clearTimeout(refetchTimer.current), []);

  useServerEvent('log', (data) => {
    if (!isLogSummary(data)) return;
    if (!live || offset !== 0) {
      setMissed((count) => count + 1);
      return;
    }
    if (hasActiveFilters(applied)) {
      // The server owns the filter semantics; ask it again rather than guessing, at most once a second.
      if (refetchTimer.current === undefined) {
        refetchTimer.current = setTimeout(() => {
          refetchTimer.current = undefined;
          load();
        }, 1000);
      }
      return;
    }
    setPage((current) => {
      if (current === undefined || current.items.some((item) => item.id === data.id)) return current;
      return { ...current, total: current.total + 1, items: [data, ...current.items].slice(0, PAGE_SIZE) };
    });
  });

  const total = page?.total ?? 0;
  const items = page?.items ?? [];
  const shownOffset = page?.offset ?? 0;
  const setFilter = (patch: Partial<LogFilters>) => setFilters({ ...filters, ...patch });

  return (
    <section class="monitor-page" aria-labelledby="monitor-title">
      <div class="page-header">
        <h1 id="monitor-title">{t('monitor.title')}</h1>
        <div class="toolbar">
          <label class="check">
            <input type="checkbox" checked={live} data-testid="log-live" onChange={(event) => setLive(event.currentTarget.checked)} />
            <span>{t('monitor.live')}</span>
          </label>
          <a class="button" href={LOG_EXPORT_URL} download="agt-logs.jsonl" data-testid="log-export">
            {t('monitor.export')}
          </a>
        </div>
      </div>

      <div class="filters" data-testid="log-filters">
        <label class="field">
          <span class="label">{t('monitor.filter.status')}</span>
          <select value={filters.status} data-testid="log-filter-status" onChange={(event) => setFilter({ status: event.currentTarget.value })}>
            <option value="">{t('monitor.filter.allStatuses')}</option>
            <option value="errors">{t('monitor.filter.errorsOnly')}</option>
            {STATUS_CHOICES.map((status) => (
              <option key={status} value={status}>{status}</option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">{t('monitor.filter.protocol')}</span>
          <select value={filters.protocol} data-testid="log-filter-protocol" onChange={(event) => setFilter({ protocol: event.currentTarget.value })}>
            <option value="">{t('monitor.filter.allProtocols')}</option>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
            <option value="gemini">Gemini</option>
          </select>
        </label>
        <label class="field">
          <span class="label">{t('monitor.filter.model')}</span>
          <input type="search" value={filters.model} data-testid="log-filter-model" placeholder="gemini-2.5-flash" onInput={(event) => setFilter({ model: event.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="label">{t('monitor.filter.account')}</span>
          <input type="search" value={filters.account} data-testid="log-filter-account" placeholder="name@example.com" onInput={(event) => setFilter({ account: event.currentTarget.value })} />
        </label>
        {hasActiveFilters(filters) && (
          <button type="button" class="small" data-testid="log-filter-clear" onClick={() => setFilters(EMPTY_LOG_FILTERS)}>
            {t('monitor.filter.clear')}
          </button>
        )}
      </div>

      {loadError !== undefined && <div class="banner banner-error" role="alert">{t('monitor.loadFailed', { message: loadError })}</div>}
      {missed > 0 && (
        <button type="button" class="banner banner-info as-button" data-testid="log-missed" onClick={() => {
            setLive(true);
            setMissed(0);
            if (offset === 0) load();
            else setOffset(0);
          }}>
          {t('monitor.missed', { count: missed })}
        </button>
      )}

      {page === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p class="empty" data-testid="logs-empty">{hasActiveFilters(applied) ? t('monitor.noMatches') : t('monitor.empty')}</p>
      ) : (
        <table class="data-table logs-table" data-testid="logs-table">
          <thead>
            <tr>
              <th>{t('monitor.column.time')}</th>
              <th>{t('monitor.column.protocol')}</th>
              <th>{t('monitor.column.path')}</th>
              <th>{t('monitor.column.model')}</th>
              <th>{t('monitor.column.account')}</th>
              <th>{t('monitor.column.status')}</th>
              <th class="numeric">{t('monitor.column.duration')}</th>
              <th class="numeric">{t('monitor.column.tokens')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={item.id}
                class="log-row clickable"
                tabIndex={0}
                data-testid="log-row"
                data-id={item.id}
                data-status={item.status}
                data-model={item.model ?? ''}
                onClick={() => setSelected(item)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    setSelected(item);
                  }
                }}
              >
                <td data-label={t('monitor.column.time')}>
                  <time title={formatDateTime(item.timestamp)} dateTime={new Date(item.timestamp).toISOString()}>
                    {formatTimeOfDay(item.timestamp)}
                  </time>
                </td>
                <td data-label={t('monitor.column.protocol')}>{item.protocol ?? '–'}</td>
                <td data-label={t('monitor.column.path')} class="mono ellipsis" data-testid="log-path" title={`${item.method} ${formatRequestPath(item.url)}`}>
                  {formatRequestPath(item.url)}
                </td>
                <td data-label={t('monitor.column.model')} class="mono">
                  {item.model ?? '–'}
                  {item.mapped_model && item.mapped_model !== item.model && <span class="muted"> → {item.mapped_model}</span>}
                </td>
                <td data-label={t('monitor.column.account')} class="ellipsis" title={item.account_email ?? undefined}>{item.account_email ?? '–'}</td>
                <td data-label={t('monitor.column.status')}>
                  <span class={`badge badge-${mapStatusTone(item.status)}`} title={item.error ?? undefined}>{item.status || '–'}</span>
                </td>
                <td data-label={t('monitor.column.duration')} class="numeric">{formatDuration(item.duration)}</td>
                <td data-label={t('monitor.column.tokens')} class="numeric">
                  {formatTokens(item.input_tokens)} / {formatTokens(item.output_tokens)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {page !== undefined && total > 0 && (
        <div class="pager" data-testid="log-pager">
          <button type="button" class="small" data-testid="log-prev" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('monitor.newer')}
          </button>
          <span class="muted small-text" data-testid="log-range">
            {t('monitor.range', { from: Math.min(shownOffset + 1, total), to: Math.min(shownOffset + items.length, total), total })}
          </span>
          <button type="button" class="small" data-testid="log-next" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t('monitor.older')}
          </button>
        </div>
      )}

      {selected !== undefined && <LogDetailDialog summary={selected} onClose={() => setSelected(undefined)} />}
    </section>
  );
}
