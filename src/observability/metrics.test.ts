import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

/** A small reader of the exposition format: sample lines → `name{labels}` → value, plus the TYPE of each family. */
function parseExposition(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const typeMatch = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
    if (typeMatch) {
      types.set(typeMatch[1], typeMatch[2]);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const sampleMatch = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (\S+)$/.exec(line);
    if (!sampleMatch) throw new Error(`not a valid exposition line: ${line}`);
    const value = sampleMatch[3] === '+Inf' ? Infinity : Number(sampleMatch[3]);
    if (Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
    samples.set(`${sampleMatch[1]}${sampleMatch[2] ?? ''}`, value);
  }
  return { samples, types };
}

describe('Metrics', () => {
  it('renders the exact text for a few calls', () => {
    const metrics = new Metrics();
    metrics.requestFinished({ protocol: 'openai', model: 'gemini-2.5-flash', status: 200 }, 0.3);
    metrics.requestFinished({ protocol: 'openai', model: 'gemini-2.5-flash', status: 200 }, 0.004);
    metrics.requestFinished({ protocol: 'anthropic', model: 'claude-sonnet-4-5', status: 429 });
    metrics.tokenRefresh('success');
    metrics.tokenRefresh('invalid_grant');
    metrics.invalidGrantDisable();
    metrics.cooldown('rate_limited');
    metrics.upstreamFailure('bare_rate_limit');
    metrics.upstreamFailure('bare_rate_limit');
    metrics.upstreamFailure('client_outdated');
    metrics.setAccountStates({ active: 2, disabled: 1 });
    metrics.watchRequestLogDrops(() => 7);
    metrics.watchRequestLogAvailability(() => false);

    expect(metrics.render()).toBe(
      [
        '# HELP agt_requests_total Finished client requests by protocol, model and HTTP status.',
        '# TYPE agt_requests_total counter',
        'agt_requests_total{protocol="anthropic",model="claude-sonnet-4-5",status="429"} 1',
        'agt_requests_total{protocol="openai",model="gemini-2.5-flash",status="200"} 2',
        '# HELP agt_upstream_latency_seconds Time from sending a request to Google to its response headers, in seconds.',
        '# TYPE agt_upstream_latency_seconds histogram',
        'agt_upstream_latency_seconds_bucket{le="0.005"} 1',
        'agt_upstream_latency_seconds_bucket{le="0.01"} 1',
        'agt_upstream_latency_seconds_bucket{le="0.025"} 1',
        'agt_upstream_latency_seconds_bucket{le="0.05"} 1',
        'agt_upstream_latency_seconds_bucket{le="0.1"} 1',
        'agt_upstream_latency_seconds_bucket{le="0.25"} 1',
        'agt_upstream_latency_seconds_bucket{le="0.5"} 2',
        'agt_upstream_latency_seconds_bucket{le="1"} 2',
        'agt_upstream_latency_seconds_bucket{le="2.5"} 2',
        'agt_upstream_latency_seconds_bucket{le="5"} 2',
        'agt_upstream_latency_seconds_bucket{le="10"} 2',
        'agt_upstream_latency_seconds_bucket{le="30"} 2',
        'agt_upstream_latency_seconds_bucket{le="60"} 2',
        'agt_upstream_latency_seconds_bucket{le="+Inf"} 2',
        'agt_upstream_latency_seconds_sum 0.304',
        'agt_upstream_latency_seconds_count 2',
        '# HELP agt_accounts Accounts in the pool by state.',
        '# TYPE agt_accounts gauge',
        'agt_accounts{state="active"} 2',
        'agt_accounts{state="disabled"} 1',
        '# HELP agt_token_refresh_total OAuth token refreshes by outcome.',
        '# TYPE agt_token_refresh_total counter',
        'agt_token_refresh_total{outcome="invalid_grant"} 1',
        'agt_token_refresh_total{outcome="success"} 1',
        '# HELP agt_invalid_grant_disables_total Accounts disabled because Google answered invalid_grant.',
        '# TYPE agt_invalid_grant_disables_total counter',
        'agt_invalid_grant_disables_total 1',
        '# HELP agt_cooldowns_total Account cooldowns started, by reason.',
        '# TYPE agt_cooldowns_total counter',
        'agt_cooldowns_total{reason="rate_limited"} 1',
        '# HELP agt_upstream_failures_total Failed upstream attempts by class (bare_rate_limit: a 429 with no quota details, often caused by the prompt; client_outdated: Google refused the client version).',
        '# TYPE agt_upstream_failures_total counter',
        'agt_upstream_failures_total{class="bare_rate_limit"} 2',
        'agt_upstream_failures_total{class="client_outdated"} 1',
        '# HELP agt_request_log_dropped_total Request log entries lost before reaching the database.',
        '# TYPE agt_request_log_dropped_total counter',
        'agt_request_log_dropped_total 7',
        '# HELP agt_request_log_available 1 while the request log can record (its database and writer thread work), 0 once it was given up.',
        '# TYPE agt_request_log_available gauge',
        'agt_request_log_available 0',
        '',
      ].join('\n'),
    );
  });

  it('parses back: every line is valid and the values match the calls', () => {
    const metrics = new Metrics();
    for (let index = 0; index < 5; index += 1) metrics.requestFinished({ protocol: 'gemini', model: 'm', status: 200 }, 100);
    metrics.cooldown('429 "quota"\\ exhausted\nfor model');
    metrics.setAccountStates({ active: 3 });
    metrics.setAccountStates({ cooling_down: 1 });

    const { samples, types } = parseExposition(metrics.render());
    expect(types.get('agt_upstream_latency_seconds')).toBe('histogram');
    expect(types.get('agt_accounts')).toBe('gauge');
    expect(samples.get('agt_requests_total{protocol="gemini",model="m",status="200"}')).toBe(5);
    // 100 s is past the last finite bucket: only +Inf, sum and count see it.
    expect(samples.get('agt_upstream_latency_seconds_bucket{le="60"}')).toBe(0);
    expect(samples.get('agt_upstream_latency_seconds_bucket{le="+Inf"}')).toBe(5);
    expect(samples.get('agt_upstream_latency_seconds_sum')).toBe(500);
    expect(samples.get('agt_cooldowns_total{reason="429 \\"quota\\"\\\\ exhausted\\nfor model"}')).toBe(1);
    expect(samples.has('agt_accounts{state="active"}')).toBe(false);
    expect(samples.get('agt_accounts{state="cooling_down"}')).toBe(1);
    expect(samples.get('agt_invalid_grant_disables_total')).toBe(0);
    expect(samples.get('agt_request_log_dropped_total')).toBe(0);
    expect(samples.get('agt_request_log_available')).toBe(1);
  });

  it('folds model names into "other" once a metric holds too many series', () => {
    const metrics = new Metrics();
    for (let index = 0; index < 600; index += 1) metrics.requestFinished({ protocol: 'openai', model: `model-${index}`, status: 200 });
    const { samples } = parseExposition(metrics.render());
    const requestSeries = [...samples.keys()].filter((key) => key.startsWith('agt_requests_total'));
    expect(requestSeries).toHaveLength(501);
    expect(samples.get('agt_requests_total{protocol="openai",model="other",status="200"}')).toBe(100);
  });
});
