import type { FastifyInstance } from 'fastify';
import { formatSseEvent } from '../../shared/sse.js';
import type { ServerDependencies } from '../server-dependencies.js';

const PING_INTERVAL_MS = 15_000;
const ACCOUNT_EVENT_DEBOUNCE_MS = 100;

/**
 * `GET /api/events`: server-sent events for the dashboard — `accounts` whenever an account changes
 * (pool reload, disable, cooldown, file edited by another process) and `log` per finished request.
 */
export function registerEventsRoute(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write(': connected\n\n');
    let pending: NodeJS.Timeout | undefined;
    let lastReason = 'change';
    const onAccounts = (change: { reason?: string }) => {
      lastReason = change?.reason ?? 'change';
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        raw.write(formatSseEvent(JSON.stringify({ reason: lastReason }), 'accounts'));
      }, ACCOUNT_EVENT_DEBOUNCE_MS);
    };
    dependencies.pool.on('change', onAccounts);
    // A configuration fault (a refused client version) appearing or going away: the pages reload what they show.
    const onConfigFault = () => onAccounts({ reason: 'config-fault' });
    dependencies.configFaults?.on('change', onConfigFault);
    const stopLogs = dependencies.requestLog.onEntry((summary) => raw.write(formatSseEvent(JSON.stringify(summary), 'log')));
    const ping = setInterval(() => raw.write(': ping\n\n'), PING_INTERVAL_MS);
    const stop = () => {
      clearInterval(ping);
      clearTimeout(pending);
      stopLogs();
      dependencies.pool.off('change', onAccounts);
      dependencies.configFaults?.off('change', onConfigFault);
    };
    raw.on('close', stop);
    request.raw.on('error', stop);
  });
}
