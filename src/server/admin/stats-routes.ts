import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StatsDimension } from '../../observability/index.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { parseStatsQuery, type StatsQuery } from './parse-stats-query.js';

type Query = { Querystring: Record<string, string | undefined> };

const BREAKDOWN_ROUTES: ReadonlyArray<[string, StatsDimension]> = [
  ['by-model', 'model'],
  ['by-account', 'account'],
  ['by-client-key', 'client_key'],
  ['by-protocol', 'protocol'],
];

/**
 * `GET /api/stats*`: requests, errors and tokens from the request log's hourly statistics (docs/admin-api.md).
 * Every answer echoes the range it covers; `backfilling` says older log rows are still being folded in.
 */
export function registerStatsRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  const { requestLog } = dependencies;

  const withQuery = (handler: (query: StatsQuery) => object) => async (request: { query: Record<string, string | undefined> }, reply: FastifyReply) => {
    const parsed = parseStatsQuery(request.query, Date.now());
    if (!parsed.ok) return reply.code(400).send({ error: parsed.message, code: 'INVALID_QUERY' });
    const { range } = parsed.query;
    return { from: range.fromMs, to: range.toMs, backfilling: requestLog.statsBackfilling(), ...handler(parsed.query) };
  };

  app.get<Query>(
    '/api/stats',
    withQuery((query) => ({
      bucket: query.bucket,
      totals: requestLog.statsTotals(query.range),
      timeline: requestLog.statsTimeline(query.range, query.bucket, query.utcOffsetMinutes),
      by_model: requestLog.statsBreakdown(query.range, 'model', query.limit),
      by_account: requestLog.statsBreakdown(query.range, 'account', query.limit),
      by_client_key: requestLog.statsBreakdown(query.range, 'client_key', query.limit),
      by_protocol: requestLog.statsBreakdown(query.range, 'protocol', query.limit),
    })),
  );
  app.get<Query>('/api/stats/summary', withQuery((query) => ({ totals: requestLog.statsTotals(query.range) })));
  app.get<Query>(
    '/api/stats/timeline',
    withQuery((query) => ({ bucket: query.bucket, items: requestLog.statsTimeline(query.range, query.bucket, query.utcOffsetMinutes) })),
  );
  for (const [path, dimension] of BREAKDOWN_ROUTES) {
    app.get<Query>(`/api/stats/${path}`, withQuery((query) => ({ items: requestLog.statsBreakdown(query.range, dimension, query.limit) })));
  }

  app.post('/api/stats/clear', async () => {
    requestLog.clearStats();
    return { ok: true };
  });
}
