/** @module pool — the live account pool: eligibility, selection, cooldowns, single-flight refresh, reload. */
export { AccountPool, createAcquireContext } from './account-pool.js';
export type { AccountPoolOptions, AccountRuntimeState, AcquireContext, FailureClass, Lease, ModelLease, PoolLogger, PoolMetrics, PoolSettings } from './account-pool.js';
export { buildModelNotServedError, buildNoAvailableAccountError, emptyAttemptFailures } from './no-available-account-error.js';
export { ModelCatalogueRefresher, ModelCatalogueStore } from './model-catalogue/index.js';
export type { ModelCatalogueRefresherOptions } from './model-catalogue/index.js';
export type { AttemptFailures } from './no-available-account-error.js';
export { listProtectedModels, mapModelToQuotaGroup, matchesMonitoredModel, selectQuotaProtection } from './quota-protection.js';
export type { ProtectionVerdict } from './quota-protection.js';
export { readAccountQuota } from './quota/read-account-quota.js';
export type { AccountQuota, ModelQuota } from './quota/read-account-quota.js';
export { waitUnlessAborted } from './wait-unless-aborted.js';
export { createMemoryPoolBus } from './pool-coordinator.js';
export type { PoolCoordinator, PoolEvent } from './pool-coordinator.js';
