/**
 * @module The last step before a request goes upstream: per attempt, once the account and upstream model are
 * known, every pass of `UPSTREAM_PAYLOAD_PASSES` makes the payload acceptable to the real backend.
 */
export { finalizeUpstreamPayload, UPSTREAM_PAYLOAD_PASSES } from './finalize-upstream-payload.js';
export type { UpstreamPassContext, UpstreamPayload, UpstreamPayloadPass, UpstreamRequestType } from './upstream-payload.js';
