import { useEffect, useState } from 'preact/hooks';
import { getLog } from '../api';
import type { LogDetail, LogSummary } from '../api';
import { CopyButton } from '../components/copy-button';
import { describeError } from '../components/describe-error';
import { Dialog } from '../components/dialog';
import { formatDateTime } from '../format/format-date-time';
import { formatDuration } from '../format/format-duration';
import { formatJsonBody } from '../format/format-json-body';
import { t } from '../i18n/t';
import { mapStatusTone } from './map-status-tone';

function Body({ label, body, testId }: { label: string; body: unknown; testId: string }) {
  const text = formatJsonBody(body);
  return (
    <section class="body-section">
      <header>
        <h3>{label}</h3>
        {text !== '' && <CopyButton text={text} small />}
      </header>
      {text === '' ? (
        <p class="muted" data-testid={testId}>{t('monitor.noBody')}</p>
      ) : (
        <pre class="code body" data-testid={testId}>
          <code>{text}</code>
        </pre>
      )}
    </section>
  );
}

/** One request in full: the summary, the error, and both bodies (redacted by the gateway, pretty-printed here). */
export function LogDetailDialog({ summary, onClose }: { summary: LogSummary; onClose: () => void }) {
  const [detail, setDetail] = useState<LogDetail>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    getLog(summary.id).then(
      (answer) => current && setDetail(answer),
      (cause: unknown) => current && setError(describeError(cause)),
    );
    return () => {
      current = false;
    };
  }, [summary.id]);

  const entry: LogSummary = detail ?? summary;
  const rows: Array<[string, string]> = [
    [t('monitor.column.time'), formatDateTime(entry.timestamp)],
    [t('monitor.request'), `${entry.method} ${entry.url}`],
    [t('monitor.column.protocol'), entry.protocol ?? '–'],
    [t('monitor.column.model'), entry.mapped_model && entry.mapped_model !== entry.model ? `${entry.model ?? '–'} → ${entry.mapped_model}` : (entry.model ?? '–')],
    [t('monitor.column.account'), entry.account_email ?? '–'],
    [t('monitor.column.duration'), formatDuration(entry.duration)],
    [
      t('monitor.column.tokens'),
      t('monitor.tokensDetail', { input: entry.input_tokens ?? 0, output: entry.output_tokens ?? 0, cached: entry.cached_tokens ?? 0 }),
    ],
  ];

  return (
    <Dialog title={t('monitor.detailTitle')} onClose={onClose} testId="log-detail" wide>
      <div class="stack">
        <div class="detail-head">
          <span class={`badge badge-${mapStatusTone(entry.status)}`} data-testid="log-detail-status">{entry.status || '–'}</span>
          <code class="muted small-text">{entry.id}</code>
        </div>
        <dl class="detail-list">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {entry.error && (
          <p class="form-error" data-testid="log-detail-error">{entry.error}</p>
        )}
        {error !== undefined && <p class="form-error" role="alert">{error}</p>}
        {detail === undefined && error === undefined ? (
          <p class="muted">{t('common.loading')}</p>
        ) : detail !== undefined ? (
          <>
            <Body label={t('monitor.requestBody')} body={detail.request_body} testId="log-request-body" />
            <Body label={t('monitor.responseBody')} body={detail.response_body} testId="log-response-body" />
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
