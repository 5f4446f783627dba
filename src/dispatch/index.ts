/** @module dispatch — one request through the pool: lease, call, classify, rotate before the first byte. */
export { computeFailureAction, ROTATION_DEFAULTS } from './compute-failure-action.js';
export type { FailureAction } from './compute-failure-action.js';
export { createGenerateDispatcher, UpstreamStreamError } from './dispatch-generate.js';
export type { ClientVersionFaultSink, DispatcherOptions, GenerateInput, GenerateResult } from './dispatch-generate.js';
export { dispatchCountTokens } from './dispatch-count-tokens.js';
export { generateWithWebSearch, type Generate, type WebSearchOptions } from './generate-with-web-search.js';
