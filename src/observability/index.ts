/**
 * @module observability
 * The structured logger (pino with secret redaction), the SQLite request log behind the Monitor page and
 * `/api/logs`, and the Prometheus metrics behind `/metrics`. Depends only on `shared/`.
 */
export { createLogger } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { RequestLog } from './request-log.js';
export type { RequestLogOptions, RequestLogStats } from './request-log.js';
export { summarizeRequestLogEntry } from './request-log-entry.js';
export type { LogQuery, LogSummary, RecordedRequestLogEntry, RequestLogEntry } from './request-log-entry.js';
export { LATENCY_BUCKETS, Metrics } from './metrics.js';
export type { TokenRefreshOutcome } from './metrics.js';
export { STATS_RETENTION_DAYS } from './request-log.js';
export { STATS_DIMENSIONS } from './query-request-stats.js';
export type { StatsBucket, StatsDimension, StatsGroup, StatsRange, StatsTotals } from './query-request-stats.js';
export { ConfigFaultBoard } from './config-fault-board.js';
export type { ConfigFault, ConfigFaultKind, ConfigFaultLogger } from './config-fault-board.js';
