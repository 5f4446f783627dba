/**
 * @module Tool names the backend accepts: one collision-free, reversible map per request, applied to the converted
 * request before dispatch and undone on every upstream chunk before the protocol encoders see it.
 */
export { buildToolNameMap, IDENTITY_TOOL_NAMES, type ToolNameMap } from './build-tool-name-map.js';
export { convertRequestToolNames, type RequestWithUpstreamToolNames } from './convert-request-tool-names.js';
export { formatUpstreamToolName, isSafeUpstreamToolName } from './format-upstream-tool-name.js';
export { restoreResponseToolNames } from './restore-response-tool-names.js';
