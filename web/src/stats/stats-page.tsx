import { useCallback, useRef, useState } from 'preact/hooks';
import { getStats } from '../api';
import type { StatsBucket, StatsOverview } from '../api';
import { describeError } from '../components/describe-error';
import { formatCompactNumber, formatInteger } from '../format/format-compact-number';
import { usePolling } from '../hooks/use-polling';
import { getLocale, t } from '../i18n/t';
import type { MessageKey } from '../i18n/en';
import { BreakdownTable } from './breakdown-table';
import { ColumnChart } from './column-chart';

const RANGES: ReadonlyArray<{ value: string; label: MessageKey }> = [
  { value: '24h', label: 'stats.range.24h' },
  { value: '7d', label: 'stats.range.7d' },
  { value: '30d', label: 'stats.range.30d' },
  { value: '90d', label: 'stats.range.90d' },
];
const POLL_INTERVAL_MS = 30_000;

function formatBucketTime(ms: number, bucket: 'hour' | 'day', locale: string): string {
  return bucket === 'hour'
    ? new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false })
    : new Date(ms).toLocaleDateString(locale, { month: '2-digit', day: '2-digit' });
}

function formatBucketStart(ms: number, bucket: 'hour' | 'day', locale: string): string {
  return bucket === 'hour'
    ? new Date(ms).toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    : new Date(ms).toLocaleDateString(locale, { year: 'numeric', month: '2-digit', day: '2-digit' });
}

function Total({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div class="stat-card" data-testid={testId}>
      <span class="stat-label">{label}</span>
      <strong class="stat-value" data-testid={`${testId}-value`}>{value}</strong>
      {detail !== undefined && <span class="muted small-text">{detail}</span>}
    </div>
  );
}

/** Requests, errors and tokens over time and per model, account and client key, from the request log's statistics. */
export function StatsPage() {
  const [range, setRange] = useState('24h');
  const [stats, setStats] = useState<StatsOverview>();
  const [loadError, setLoadError] = useState<string>();
  const latestRange = useRef(range);
  latestRange.current = range;

  const load = useCallback(() => {
    const wanted = latestRange.current;
    getStats({ range: wanted, utcOffset: -new Date().getTimezoneOffset() }).then(
      (answer) => {
        if (latestRange.current !== wanted) return;
        setStats(answer);
        setLoadError(undefined);
      },
      (cause: unknown) => setLoadError(describeError(cause)),
    );
  }, []);
  usePolling(load, POLL_INTERVAL_MS);

  const choose = (value: string) => {
    latestRange.current = value;
    setRange(value);
    setStats(undefined);
    load();
  };

  const locale = getLocale();
  const totals = stats?.totals;
  const bucket = stats?.bucket ?? 'hour';
  const timeline: StatsBucket[] = stats?.timeline ?? [];
  const describeBucket = (index: number) => {
    const item = timeline[index];
    return t('stats.bucketTooltip', {
      time: formatBucketStart(item.start, bucket, locale),
      requests: formatInteger(item.requests, locale),
      errors: formatInteger(item.errors, locale),
      input: formatInteger(item.input_tokens, locale),
      output: formatInteger(item.output_tokens, locale),
      cached: formatInteger(item.cached_tokens, locale),
    });
  };

  return (
    <section class="stats-page" aria-labelledby="stats-title">
      <div class="page-header">
        <h1 id="stats-title">{t('stats.title')}</h1>
        <div class="toolbar segmented" role="group" aria-label={t('stats.range')}>
          {RANGES.map((entry) => (
            <button
              key={entry.value}
              type="button"
              class={entry.value === range ? 'small primary' : 'small'}
              aria-pressed={entry.value === range}
              data-testid={`stats-range-${entry.value}`}
              onClick={() => choose(entry.value)}
            >
              {t(entry.label)}
            </button>
          ))}
        </div>
      </div>
      {loadError !== undefined && (
        <div class="banner banner-error" role="alert" data-testid="stats-load-error">
          {t('stats.loadFailed', { message: loadError })}
        </div>
      )}
      {stats?.backfilling && <div class="banner banner-info">{t('stats.backfilling')}</div>}

      {totals === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          <div class="stat-cards" data-testid="stats-totals" data-range={range}>
            <Total label={t('stats.requests')} value={formatInteger(totals.requests, locale)} testId="stats-requests" />
            <Total
              label={t('stats.errors')}
              value={formatInteger(totals.errors, locale)}
              detail={totals.requests > 0 ? t('stats.errorRate', { rate: ((totals.errors / totals.requests) * 100).toFixed(1) }) : undefined}
              testId="stats-errors"
            />
            <Total label={t('stats.inputTokens')} value={formatCompactNumber(totals.input_tokens, locale)} testId="stats-input" />
            <Total label={t('stats.outputTokens')} value={formatCompactNumber(totals.output_tokens, locale)} testId="stats-output" />
            <Total
              label={t('stats.cachedTokens')}
              value={formatCompactNumber(totals.cached_tokens, locale)}
              detail={totals.input_tokens > 0 ? t('stats.cachedShare', { share: ((totals.cached_tokens / totals.input_tokens) * 100).toFixed(0) }) : undefined}
              testId="stats-cached"
            />
            <Total label={t('stats.avgLatency')} value={`${formatInteger(totals.avg_duration_ms, locale)} ms`} testId="stats-latency" />
          </div>

          <div class="card">
            <h2>{t('stats.tokensOverTime')}</h2>
            <ColumnChart
              title={t('stats.tokensOverTime')}
              testId="stats-chart-tokens"
              columns={timeline.map((item) => ({
                start: item.start,
                segments: [Math.max(0, item.input_tokens - item.cached_tokens), item.cached_tokens, item.output_tokens],
              }))}
              series={[
                { label: t('stats.inputUncached'), className: 'series-0' },
                { label: t('stats.cachedTokens'), className: 'series-1' },
                { label: t('stats.outputTokens'), className: 'series-2' },
              ]}
              formatTime={(ms) => formatBucketTime(ms, bucket, locale)}
              describe={describeBucket}
            />
          </div>

          <div class="card">
            <h2>{t('stats.requestsOverTime')}</h2>
            <ColumnChart
              title={t('stats.requestsOverTime')}
              testId="stats-chart-requests"
              columns={timeline.map((item) => ({ start: item.start, segments: [item.requests - item.errors, item.errors] }))}
              series={[
                { label: t('stats.succeeded'), className: 'series-ok' },
                { label: t('stats.errors'), className: 'series-error' },
              ]}
              formatTime={(ms) => formatBucketTime(ms, bucket, locale)}
              describe={describeBucket}
            />
          </div>

          <div class="stats-grid">
            <div class="card">
              <h2>{t('stats.byModel')}</h2>
              <BreakdownTable groups={stats?.by_model ?? []} dimension="model" keyLabel={t('stats.model')} emptyKeyLabel={t('stats.noModel')} />
            </div>
            <div class="card">
              <h2>{t('stats.byAccount')}</h2>
              <BreakdownTable groups={stats?.by_account ?? []} dimension="account" keyLabel={t('stats.account')} emptyKeyLabel={t('stats.noAccount')} />
            </div>
            <div class="card">
              <h2>{t('stats.byClientKey')}</h2>
              <p class="muted small-text">{t('stats.clientKeyHint')}</p>
              <BreakdownTable groups={stats?.by_client_key ?? []} dimension="client_key" keyLabel={t('stats.clientKey')} emptyKeyLabel={t('stats.noClientKey')} />
            </div>
            <div class="card">
              <h2>{t('stats.byProtocol')}</h2>
              <BreakdownTable groups={stats?.by_protocol ?? []} dimension="protocol" keyLabel={t('stats.protocol')} emptyKeyLabel={t('stats.noProtocol')} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
