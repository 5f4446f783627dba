import type { ServerDependencies } from '../server-dependencies.js';

/** Configuration faults no account can fix (a refused client version), for the dashboard's banner. */
export function listConfigFaults(dependencies: ServerDependencies) {
  return (dependencies.configFaults?.list() ?? []).map((fault) => ({
    kind: fault.kind,
    message: fault.message,
    upstream_message: fault.upstreamMessage,
    first_at: fault.firstAt,
    last_at: fault.lastAt,
    count: fault.count,
  }));
}
