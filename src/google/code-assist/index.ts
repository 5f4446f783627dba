/**
 * @module google/code-assist
 * The Cloud Code Assist `v1internal` client (generate/stream/countTokens with endpoint fallback, project discovery
 * and onboarding, available models) and the pure classification of upstream failures.
 */
export {
  createCodeAssistClient,
  DEFAULT_USER_AGENT,
  shouldTryNextBase,
  type CodeAssistCallInput,
  type CodeAssistClient,
  type CodeAssistClientOptions,
  type CodeAssistMethod,
  type UpstreamResponse,
} from './code-assist-client.js';
export {
  readProjectId,
  type AvailableModel,
  type FetchAvailableModelsResponse,
  type GeminiUserTier,
  type IneligibleTier,
  type LoadCodeAssistResponse,
  type OnboardOperation,
  type QuotaSummaryResponse,
} from './code-assist-api.js';
export {
  buildAntigravityUserAgent,
  compareVersions,
  DEFAULT_ANTIGRAVITY_VERSION,
  readAntigravityVersion,
} from './antigravity-client-version.js';
export {
  formatClientVersionRefusal,
  isClientVersionRefusal,
  isClientVersionRefusalCompletion,
  mayBecomeClientVersionRefusal,
} from './detect-client-version-refusal.js';
export {
  classifyUpstreamFailure,
  type UpstreamFailure,
  type UpstreamFailureClass,
} from './classify-upstream-failure.js';
export { parseRetryDelay, parseRetryAfterHeader, type RetryDelayInput } from './parse-retry-delay.js';
export { parseDurationMs } from './parse-duration-ms.js';
export { parseGoogleErrorBody, type GoogleRpcError } from './parse-google-error-body.js';
export { UpstreamNetworkError } from './upstream-network-error.js';
export { UpstreamHttpError } from './upstream-http-error.js';
export { UnexpectedResponseError } from './unexpected-response-error.js';
export { ProjectResolutionError } from './project-resolution-error.js';
