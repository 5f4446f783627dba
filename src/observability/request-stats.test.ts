import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../test/support/create-seeded-random.js';
import { openRequestLogDatabase, REQUEST_LOG_COLUMNS } from './open-request-log-database.js';
import type { RequestLogEntry } from './request-log-entry.js';
import { RequestLog, STATS_RETENTION_DAYS } from './request-log.js';
import { aggregateEntries } from './request-stats-rollup.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A fixed "now" on an hour boundary, so buckets are predictable: 2026-03-10T12:00:00Z. */
const NOW = Date.UTC(2026, 2, 10, 12);

let directory: string;
let databasePath: string;
const openLogs: RequestLog[] = [];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agt-request-stats-'));
  databasePath = path.join(directory, 'proxy_logs.db');
});

afterEach(() => {
  for (const log of openLogs.splice(0)) log.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function openLog(now = NOW): RequestLog {
  const log = new RequestLog({ path: databasePath, enabled: true, clock: { now: () => now } });
  openLogs.push(log);
  return log;
}

let sequence = 0;
function buildEntry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  sequence += 1;
  return {
    id: `stats-${sequence}`,
    timestamp: NOW - 1000,
    method: 'POST',
    url: '/v1/chat/completions',
    status: 200,
    duration: 100,
    model: 'gpt-4o',
    mapped_model: 'gemini-2.5-flash',
    account_email: 'alice@example.com',
    protocol: 'openai',
    input_tokens: 10,
    output_tokens: 20,
    cached_tokens: 5,
    error: null,
    request_body: null,
    response_body: null,
    client_ip: '127.0.0.1',
    username: 'sk-…abcd',
    ...overrides,
  };
}

/** Random traffic over the last `days`, so the sums are checked against an independent reduce over the entries. */
function buildTraffic(count: number, days: number, seed: number): RequestLogEntry[] {
  const random = createSeededRandom(seed).next;
  const models = ['gemini-2.5-flash', 'claude-sonnet-4-6', 'gemini-3-pro-high'];
  const accounts = ['a@example.com', 'b@example.com', null];
  const keys = ['sk-…1111', 'sk-…2222', null];
  return Array.from({ length: count }, () =>
    buildEntry({
      timestamp: NOW - 1 - Math.floor(random() * days * DAY_MS),
      mapped_model: models[Math.floor(random() * models.length)],
      account_email: accounts[Math.floor(random() * accounts.length)],
      username: keys[Math.floor(random() * keys.length)],
      status: random() < 0.1 ? 429 : 200,
      input_tokens: Math.floor(random() * 1000),
      output_tokens: random() < 0.2 ? null : Math.floor(random() * 500),
      cached_tokens: Math.floor(random() * 100),
      duration: Math.floor(random() * 2000),
    }),
  );
}

function sumOf(entries: RequestLogEntry[]) {
  const requests = entries.length;
  const duration = entries.reduce((total, entry) => total + entry.duration, 0);
  return {
    requests,
    errors: entries.filter((entry) => entry.status >= 400 || entry.error !== null).length,
    input_tokens: entries.reduce((total, entry) => total + (entry.input_tokens ?? 0), 0),
    output_tokens: entries.reduce((total, entry) => total + (entry.output_tokens ?? 0), 0),
    cached_tokens: entries.reduce((total, entry) => total + (entry.cached_tokens ?? 0), 0),
    avg_duration_ms: requests > 0 ? Math.round(duration / requests) : 0,
  };
}

describe('request statistics (hourly rollup of the request log)', () => {
  it('folds a batch into one row per hour, model, account, client key and protocol', () => {
    const rows = aggregateEntries([
      buildEntry({ timestamp: NOW + 10 }),
      buildEntry({ timestamp: NOW + 20, status: 500, error: 'boom', input_tokens: null }),
      buildEntry({ timestamp: NOW + HOUR_MS }),
      buildEntry({ timestamp: NOW + 30, mapped_model: null, model: 'requested-only', account_email: null, username: null }),
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ hour: NOW / HOUR_MS, model: 'gemini-2.5-flash', requests: 2, errors: 1, input_tokens: 10, output_tokens: 40, cached_tokens: 10, duration_ms: 200 });
    expect(rows[2]).toMatchObject({ model: 'requested-only', account_email: '', client_key: '' });
  });

  it('answers totals, timelines and breakdowns that match the recorded entries', () => {
    const log = openLog();
    const traffic = buildTraffic(3000, 10, 7);
    for (const entry of traffic) log.record(entry);

    const week = { fromMs: NOW - 7 * DAY_MS, toMs: NOW };
    const inWeek = traffic.filter((entry) => entry.timestamp >= week.fromMs);
    expect(log.statsTotals(week)).toEqual(sumOf(inWeek));

    const hourly = log.statsTimeline(week, 'hour');
    expect(hourly).toHaveLength(7 * 24);
    expect(hourly[0].start).toBe(week.fromMs);
    expect(hourly.reduce((total, bucket) => total + bucket.requests, 0)).toBe(inWeek.length);
    const lastHour = inWeek.filter((entry) => entry.timestamp >= NOW - HOUR_MS);
    expect(hourly.at(-1)).toEqual({ start: NOW - HOUR_MS, ...sumOf(lastHour) });

    // Days start at the viewer's midnight: UTC+8 midnight is 16:00 UTC the day before.
    const daily = log.statsTimeline(week, 'day', 480);
    const localMidnight = (ms: number) => Math.floor((ms + 8 * HOUR_MS) / DAY_MS) * DAY_MS - 8 * HOUR_MS;
    expect(daily[0].start).toBe(localMidnight(week.fromMs));
    expect(daily).toHaveLength(8);
    for (const bucket of daily) {
      const inDay = inWeek.filter((entry) => localMidnight(entry.timestamp) === bucket.start);
      expect(bucket.requests).toBe(inDay.length);
      expect(bucket.input_tokens).toBe(sumOf(inDay).input_tokens);
    }

    const byModel = log.statsBreakdown(week, 'model');
    expect(byModel.map((group) => group.key).sort()).toEqual(['claude-sonnet-4-6', 'gemini-2.5-flash', 'gemini-3-pro-high']);
    for (const group of byModel) expect(group).toEqual({ key: group.key, ...sumOf(inWeek.filter((entry) => entry.mapped_model === group.key)) });
    const tokensOf = (group: { input_tokens: number; output_tokens: number }) => group.input_tokens + group.output_tokens;
    expect(byModel.map(tokensOf)).toEqual(byModel.map(tokensOf).sort((left, right) => right - left));

    const byAccount = log.statsBreakdown(week, 'account');
    expect(byAccount.find((group) => group.key === '')?.requests).toBe(inWeek.filter((entry) => entry.account_email === null).length);
    const byKey = log.statsBreakdown(week, 'client_key', 2);
    expect(byKey).toHaveLength(2);

    const filtered = log.statsTotals({ ...week, filter: { model: 'claude-sonnet-4-6', account: 'a@example.com' } });
    expect(filtered).toEqual(sumOf(inWeek.filter((entry) => entry.mapped_model === 'claude-sonnet-4-6' && entry.account_email === 'a@example.com')));
  });

  it('folds in log rows written before the statistics existed, once, and keeps them after the log is cleared', async () => {
    // An older agt (or the desktop app) wrote proxy_logs.db without request_stats_hourly.
    const old = openRequestLogDatabase(databasePath);
    const columns = REQUEST_LOG_COLUMNS.map(([name]) => name);
    const insert = old.prepare(`INSERT INTO request_logs (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const history = buildTraffic(45_000, 5, 11);
    old.transaction(() => {
      for (const entry of history) insert.run(columns.map((column) => entry[column as keyof RequestLogEntry]));
    })();
    old.close();

    const log = openLog();
    const live = buildTraffic(50, 1, 12);
    for (const entry of live) log.record(entry);
    const range = { fromMs: NOW - 6 * DAY_MS, toMs: NOW };
    const deadline = Date.now() + 20_000;
    while (log.statsBackfilling()) {
      if (Date.now() > deadline) throw new Error('backfill did not finish');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(log.statsTotals(range)).toEqual(sumOf([...history, ...live]));

    // Reopening does not fold the same rows again.
    log.close();
    const reopened = openLog();
    expect(reopened.statsBackfilling()).toBe(false);
    expect(reopened.statsTotals(range).requests).toBe(history.length + live.length);

    reopened.clear();
    expect(reopened.query({}).total).toBe(0);
    expect(reopened.statsTotals(range).requests).toBe(history.length + live.length);
    reopened.clearStats();
    expect(reopened.statsTotals(range).requests).toBe(0);
  });

  it(`drops hourly rows older than ${STATS_RETENTION_DAYS} days and keeps them past the request log retention`, () => {
    const log = openLog();
    log.record(buildEntry({ timestamp: NOW - (STATS_RETENTION_DAYS + 1) * DAY_MS }));
    log.record(buildEntry({ timestamp: NOW - 100 * DAY_MS }));
    log.flush();
    log.setRetentionDays(30);
    expect(log.query({}).total).toBe(0);
    const all = { fromMs: NOW - 500 * DAY_MS, toMs: NOW };
    expect(log.statsTotals(all).requests).toBe(1);
    const database = new Database(databasePath, { readonly: true });
    try {
      expect((database.prepare('SELECT COUNT(*) AS n FROM request_stats_hourly').get() as { n: number }).n).toBe(1);
    } finally {
      database.close();
    }
  });
});
