#!/usr/bin/env node
/**
 * `node bench/measure-stats-queries.mjs [--quick]` (after `npm run build`): what the Statistics page costs at a
 * million logged requests.
 *
 * 1. A `proxy_logs.db` with ROWS request log rows over 30 days (50 accounts, 6 models, 4 client keys, 3 protocols, 5 %
 *    errors), written the way an older agt or the desktop app leaves it: no statistics table.
 * 2. `RequestLog` (dist) opens it and folds the rows into `request_stats_hourly` in background slices: total time and
 *    the longest slice (how long one slice holds the event loop).
 * 3. The same questions asked two ways, interleaved round by round, median per query: grouping `request_logs`
 *    directly (indexed by timestamp) vs the hourly table (what `GET /api/stats` does) — totals, hourly/daily
 *    timeline and per-model breakdown over 1, 7 and 30 days. Reported as milliseconds and as a ratio.
 * 4. The write cost of the statistics: a 500-row log batch with and without the upserts, interleaved, for a typical
 *    batch (one client key and model, 3 accounts) and the worst case (every row its own key).
 *
 * Options: --quick (50,000 rows, fewer rounds; numbers not quotable). Writes bench/results/stats-queries.md.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { summarizeSamples } from './lib/summarize-samples.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'src', 'observability');
const quick = process.argv.includes('--quick');
const ROWS = quick ? 50_000 : 1_000_000;
const ROUNDS = quick ? 3 : 7;
const BATCH_ROUNDS = quick ? 20 : 100;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const { RequestLog } = await import(join(DIST, 'request-log.js'));
const { openRequestLogDatabase, REQUEST_LOG_COLUMNS } = await import(join(DIST, 'open-request-log-database.js'));
const { aggregateEntries, createRequestStatsTables, prepareRollupWriter } = await import(join(DIST, 'request-stats-rollup.js'));

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

const MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-flash', 'gemini-3-pro-high', 'claude-sonnet-4-6', 'claude-opus-4-6-thinking'];
const PROTOCOLS = ['openai', 'anthropic', 'gemini'];

function buildEntry(index, timestamp) {
  return {
    id: `bench-${index}`,
    timestamp,
    method: 'POST',
    url: '/v1/chat/completions',
    status: index % 20 === 0 ? 429 : 200,
    duration: 200 + (index % 1800),
    model: MODELS[index % MODELS.length],
    mapped_model: MODELS[index % MODELS.length],
    account_email: `user${index % 50}@example.com`,
    protocol: PROTOCOLS[index % PROTOCOLS.length],
    input_tokens: 500 + (index % 4000),
    output_tokens: 100 + (index % 900),
    cached_tokens: index % 300,
    error: index % 20 === 0 ? 'rate limited' : null,
    request_body: '{"messages":[{"role":"user","content":"hello"}]}',
    response_body: null,
    client_ip: '127.0.0.1',
    username: `sk-…${1000 + (index % 4)}`,
  };
}

const COLUMNS = REQUEST_LOG_COLUMNS.map(([name]) => name);
const toRow = (entry) => COLUMNS.map((name) => entry[name] ?? null);

async function writeOldLog(path, now) {
  const database = openRequestLogDatabase(path);
  const insert = database.prepare(`INSERT INTO request_logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const write = database.transaction((rows) => {
    for (const row of rows) insert.run(row);
  });
  const span = 30 * DAY_MS;
  for (let start = 0; start < ROWS; start += 10_000) {
    const rows = [];
    for (let index = start; index < Math.min(ROWS, start + 10_000); index++) rows.push(toRow(buildEntry(index, now - span + Math.floor((index / ROWS) * span))));
    write(rows);
  }
  database.close();
}

function time(task) {
  const started = performance.now();
  const result = task();
  return { ms: performance.now() - started, result };
}

const dir = await mkdtemp(join(os.tmpdir(), 'agt-bench-stats-'));
try {
  const path = join(dir, 'proxy_logs.db');
  const now = Date.now();
  log(`writing ${ROWS.toLocaleString('en')} log rows over 30 days…`);
  await writeOldLog(path, now);

  // 2. Backfill, slice by slice, as the gateway does it.
  const slices = [];
  const originalSetTimeout = globalThis.setTimeout;
  // retentionDays 0: the 30-day-old rows must not be swept from the log while it is compared with the rollup.
  const requestLog = new RequestLog({ path, enabled: true, retentionDays: 0, logger: { warn: (_fields, message) => log(message) } });
  const started = performance.now();
  // The backfill runs one slice per timer tick; time each tick by watching the flag between ticks.
  while (requestLog.statsBackfilling()) {
    const tick = performance.now();
    await new Promise((resolveTick) => originalSetTimeout(resolveTick, 0));
    slices.push(performance.now() - tick);
  }
  const backfillMs = performance.now() - started;
  log(`backfill: ${backfillMs.toFixed(0)} ms, longest tick ${Math.max(...slices).toFixed(0)} ms`);
  requestLog.close();

  // 3. Direct GROUP BY on request_logs vs the hourly table through RequestLog.
  const raw = new Database(path, { readonly: true });
  const reopened = new RequestLog({ path, enabled: true, retentionDays: 0 });
  const rawQueries = {
    totals: raw.prepare('SELECT COUNT(*), SUM(status >= 400 OR error IS NOT NULL), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens), AVG(duration) FROM request_logs WHERE timestamp >= ? AND timestamp < ?'),
    timeline: raw.prepare(`SELECT timestamp / ${HOUR_MS} AS hour, COUNT(*), SUM(input_tokens), SUM(output_tokens) FROM request_logs WHERE timestamp >= ? AND timestamp < ? GROUP BY hour`),
    byModel: raw.prepare('SELECT COALESCE(mapped_model, model) AS key, COUNT(*), SUM(input_tokens) + SUM(output_tokens) AS tokens FROM request_logs WHERE timestamp >= ? AND timestamp < ? GROUP BY key ORDER BY tokens DESC'),
  };
  const results = [];
  for (const days of [1, 7, 30]) {
    const range = { fromMs: now - days * DAY_MS, toMs: now };
    const bucket = days > 3 ? 'day' : 'hour';
    const samples = { rawTotals: [], rollupTotals: [], rawTimeline: [], rollupTimeline: [], rawByModel: [], rollupByModel: [] };
    for (let round = 0; round < ROUNDS; round++) {
      samples.rawTotals.push(time(() => rawQueries.totals.get(range.fromMs, range.toMs)).ms);
      samples.rollupTotals.push(time(() => reopened.statsTotals(range)).ms);
      samples.rawTimeline.push(time(() => rawQueries.timeline.all(range.fromMs, range.toMs)).ms);
      samples.rollupTimeline.push(time(() => reopened.statsTimeline(range, bucket)).ms);
      samples.rawByModel.push(time(() => rawQueries.byModel.all(range.fromMs, range.toMs)).ms);
      samples.rollupByModel.push(time(() => reopened.statsBreakdown(range, 'model')).ms);
    }
    // The answers agree (the rollup is not faster by being wrong).
    const direct = rawQueries.totals.get(range.fromMs - (range.fromMs % HOUR_MS), Math.ceil(range.toMs / HOUR_MS) * HOUR_MS);
    const rolled = reopened.statsTotals(range);
    if (Object.values(direct)[0] !== rolled.requests) throw new Error(`totals differ for ${days} days: ${Object.values(direct)[0]} vs ${rolled.requests}`);
    const median = (values) => summarizeSamples(values).p50;
    results.push({
      days,
      rows: rolled.requests,
      totals: [median(samples.rawTotals), median(samples.rollupTotals)],
      timeline: [median(samples.rawTimeline), median(samples.rollupTimeline)],
      byModel: [median(samples.rawByModel), median(samples.rollupByModel)],
    });
    log(`${days} d: done`);
  }
  const hourlyRows = raw.prepare('SELECT COUNT(*) AS n FROM request_stats_hourly').get().n;
  const dailyRows = raw.prepare('SELECT COUNT(*) AS n FROM request_stats_daily').get().n;
  raw.close();
  reopened.close();

  // 4. Write cost: a 500-row batch with and without the rollup upsert, interleaved, on a fresh database.
  const writePath = join(dir, 'write.db');
  const database = openRequestLogDatabase(writePath);
  createRequestStatsTables(database);
  const insert = database.prepare(`INSERT INTO request_logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const writeRollup = prepareRollupWriter(database);
  const plain = database.transaction((entries) => {
    for (const entry of entries) insert.run(toRow(entry));
  });
  const withRollup = database.transaction((entries) => {
    for (const entry of entries) insert.run(toRow(entry));
    writeRollup(aggregateEntries(entries));
  });
  let next = 0;
  // Worst case: every row of the batch its own model/account/key/protocol. Typical: one client key and model, 3 accounts.
  const worstBatch = () => Array.from({ length: 500 }, () => buildEntry(next++, now + next));
  const typicalBatch = () =>
    Array.from({ length: 500 }, () => ({ ...buildEntry(next++, now + next), model: MODELS[0], mapped_model: MODELS[0], protocol: 'anthropic', username: 'sk-…1000', account_email: `user${next % 3}@example.com` }));
  const measureBatches = (makeBatch) => {
    const plainSamples = [];
    const rollupSamples = [];
    for (let round = 0; round < BATCH_ROUNDS; round++) {
      const first = makeBatch();
      const second = makeBatch();
      plainSamples.push(time(() => plain(first)).ms);
      rollupSamples.push(time(() => withRollup(second)).ms);
    }
    return [summarizeSamples(plainSamples).p50, summarizeSamples(rollupSamples).p50];
  };
  const [plainMedian, rollupMedian] = measureBatches(worstBatch);
  const [typicalPlain, typicalRollup] = measureBatches(typicalBatch);
  database.close();

  const format = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
  const lines = [
    '# Statistics queries: request log vs statistics tables',
    '',
    `Command: \`node bench/measure-stats-queries.mjs${quick ? ' --quick' : ''}\` · ${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} · node ${process.version}`,
    '',
    `${ROWS.toLocaleString('en')} log rows over 30 days; ${hourlyRows.toLocaleString('en')} hourly rows and ${dailyRows.toLocaleString('en')} daily rows after the backfill.`,
    `Backfill of the old rows: ${(backfillMs / 1000).toFixed(1)} s in ${slices.length} slices, the longest ${format(Math.max(...slices))} ms.`,
    '',
    '| range | rows in range | totals: log / rollup | timeline: log / rollup | by model: log / rollup |',
    '|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.days} d | ${result.rows.toLocaleString('en')} | ${format(result.totals[0])} / ${format(result.totals[1])} ms (${(result.totals[0] / result.totals[1]).toFixed(0)}×) | ${format(result.timeline[0])} / ${format(result.timeline[1])} ms (${(result.timeline[0] / result.timeline[1]).toFixed(0)}×) | ${format(result.byModel[0])} / ${format(result.byModel[1])} ms (${(result.byModel[0] / result.byModel[1]).toFixed(0)}×) |`,
    ),
    '',
    `Write cost of a 500-row log batch (median of ${BATCH_ROUNDS}, interleaved), without / with the statistics: typical (one client key, one model, 3 accounts) ${format(typicalPlain)} / ${format(typicalRollup)} ms (${(typicalRollup / typicalPlain).toFixed(2)}×); worst case (every row its own model, account, key and protocol) ${format(plainMedian)} / ${format(rollupMedian)} ms (${(rollupMedian / plainMedian).toFixed(2)}×).`,
    '',
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(join(ROOT, 'bench', 'results', 'stats-queries.md'), report);
} finally {
  await rm(dir, { recursive: true, force: true });
}
