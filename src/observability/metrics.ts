/**
 * A small dependency-free Prometheus registry for `GET /metrics` (text exposition format 0.0.4).
 * Every series is kept in a map keyed by its rendered label set; rendering sorts them so output is stable.
 */

export type TokenRefreshOutcome = 'success' | 'invalid_grant' | 'client_config' | 'transient';

/** Upper bounds of `agt_upstream_latency_seconds`, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/**
 * Model names and cooldown reasons come from clients and upstream texts; past this many series a metric folds
 * new label values into `other` so a misbehaving client cannot grow the registry without bound.
 */
const MAX_SERIES_PER_METRIC = 500;
const OVERFLOW_LABEL = 'other';

type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  value: number;
}

class LabelledValues {
  readonly series = new Map<string, Series>();

  constructor(private readonly foldable: readonly string[] = []) {}

  add(labels: Labels, amount: number): void {
    this.find(labels).value += amount;
  }

  set(labels: Labels, value: number): void {
    this.find(labels).value = value;
  }

  private find(labels: Labels): Series {
    let key = formatLabels(labels);
    let series = this.series.get(key);
    if (series) return series;
    if (this.series.size >= MAX_SERIES_PER_METRIC && this.foldable.length > 0) {
      const folded = { ...labels };
      for (const name of this.foldable) folded[name] = OVERFLOW_LABEL;
      key = formatLabels(folded);
      series = this.series.get(key);
      if (series) return series;
      labels = folded;
    }
    series = { labels, value: 0 };
    this.series.set(key, series);
    return series;
  }
}

export class Metrics {
  private readonly requests = new LabelledValues(['model']);
  private readonly tokenRefreshes = new LabelledValues();
  private readonly cooldowns = new LabelledValues(['reason']);
  private readonly upstreamFailures = new LabelledValues(['class']);
  private accountStates = new LabelledValues();
  private invalidGrantDisables = 0;
  private readonly latencyBucketCounts = LATENCY_BUCKETS.map(() => 0);
  private latencyCount = 0;
  private latencySum = 0;
  private readRequestLogDropped: () => number = () => 0;
  private readRequestLogAvailable: () => boolean = () => true;

  /** One finished client request; `upstreamLatencySeconds` when an upstream call was made. */
  requestFinished(labels: { protocol: string; model: string; status: number }, upstreamLatencySeconds?: number): void {
    this.requests.add({ protocol: labels.protocol, model: labels.model, status: String(labels.status) }, 1);
    if (upstreamLatencySeconds === undefined || !Number.isFinite(upstreamLatencySeconds) || upstreamLatencySeconds < 0) {
      return;
    }
    this.latencyCount += 1;
    this.latencySum += upstreamLatencySeconds;
    // Buckets are cumulative at render time; here only the first bucket that holds the value is counted.
    const index = LATENCY_BUCKETS.findIndex((bound) => upstreamLatencySeconds <= bound);
    if (index >= 0) this.latencyBucketCounts[index] += 1;
  }

  tokenRefresh(outcome: TokenRefreshOutcome): void {
    this.tokenRefreshes.add({ outcome }, 1);
  }

  invalidGrantDisable(): void {
    this.invalidGrantDisables += 1;
  }

  cooldown(reason: string): void {
    this.cooldowns.add({ reason }, 1);
  }

  /** One failed upstream attempt by its class (`rate_limit`, `bare_rate_limit`, `client_outdated`, `server`, …). */
  upstreamFailure(failureClass: string): void {
    this.upstreamFailures.add({ class: failureClass }, 1);
  }

  /** Replaces the `agt_accounts{state}` gauge with these counts (states absent from `counts` disappear). */
  setAccountStates(counts: Record<string, number>): void {
    const next = new LabelledValues();
    for (const [state, count] of Object.entries(counts)) next.set({ state }, count);
    this.accountStates = next;
  }

  /** Where `agt_request_log_dropped_total` is read from at render time, e.g. `() => requestLog.stats().dropped`. */
  watchRequestLogDrops(read: () => number): void {
    this.readRequestLogDropped = read;
  }

  /** Where `agt_request_log_available` is read from at render time, e.g. `() => requestLog.stats().unavailable === null`. */
  watchRequestLogAvailability(read: () => boolean): void {
    this.readRequestLogAvailable = read;
  }

  render(): string {
    const lines: string[] = [];
    renderFamily(lines, 'agt_requests_total', 'counter', 'Finished client requests by protocol, model and HTTP status.', this.requests);
    this.renderLatency(lines);
    renderFamily(lines, 'agt_accounts', 'gauge', 'Accounts in the pool by state.', this.accountStates);
    renderFamily(lines, 'agt_token_refresh_total', 'counter', 'OAuth token refreshes by outcome.', this.tokenRefreshes);
    renderHeader(lines, 'agt_invalid_grant_disables_total', 'counter', 'Accounts disabled because Google answered invalid_grant.');
    lines.push(`agt_invalid_grant_disables_total ${formatNumber(this.invalidGrantDisables)}`);
    renderFamily(lines, 'agt_cooldowns_total', 'counter', 'Account cooldowns started, by reason.', this.cooldowns);
    renderFamily(
      lines,
      'agt_upstream_failures_total',
      'counter',
      'Failed upstream attempts by class (bare_rate_limit: a 429 with no quota details, often caused by the prompt; client_outdated: Google refused the client version).',
      this.upstreamFailures,
    );
    renderHeader(lines, 'agt_request_log_dropped_total', 'counter', 'Request log entries lost before reaching the database.');
    lines.push(`agt_request_log_dropped_total ${formatNumber(this.readDropped())}`);
    renderHeader(lines, 'agt_request_log_available', 'gauge', '1 while the request log can record (its database and writer thread work), 0 once it was given up.');
    lines.push(`agt_request_log_available ${this.readAvailable() ? 1 : 0}`);
    return `${lines.join('\n')}\n`;
  }

  private renderLatency(lines: string[]): void {
    const name = 'agt_upstream_latency_seconds';
    renderHeader(lines, name, 'histogram', 'Time from sending a request to Google to its response headers, in seconds.');
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((bound, index) => {
      cumulative += this.latencyBucketCounts[index];
      lines.push(`${name}_bucket{le="${formatNumber(bound)}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.latencyCount}`);
    lines.push(`${name}_sum ${formatNumber(this.latencySum)}`);
    lines.push(`${name}_count ${this.latencyCount}`);
  }

  private readAvailable(): boolean {
    try {
      return this.readRequestLogAvailable();
    } catch {
      return false;
    }
  }

  private readDropped(): number {
    try {
      return this.readRequestLogDropped();
    } catch {
      return 0;
    }
  }
}

function renderHeader(lines: string[], name: string, type: string, help: string): void {
  lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
  lines.push(`# TYPE ${name} ${type}`);
}

function renderFamily(lines: string[], name: string, type: string, help: string, values: LabelledValues): void {
  renderHeader(lines, name, type, help);
  const keys = [...values.series.keys()].sort();
  for (const key of keys) lines.push(`${name}${key} ${formatNumber(values.series.get(key)?.value ?? 0)}`);
}

/** `{a="x",b="y"}` with the label values escaped as the format requires (backslash, quote, newline). */
function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
