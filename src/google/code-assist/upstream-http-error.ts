import type { UpstreamFailure } from './classify-upstream-failure.js';

/** A non-2xx answer to one of the JSON helper calls (loadCodeAssist, onboardUser, fetchAvailableModels). */
export class UpstreamHttpError extends Error {
  readonly status: number;
  readonly failure: UpstreamFailure;
  readonly endpoint: string;

  constructor(method: string, failure: UpstreamFailure, endpoint: string) {
    super(`${method} failed with HTTP ${failure.status} (${failure.class}): ${failure.message}`);
    this.name = 'UpstreamHttpError';
    this.status = failure.status;
    this.failure = failure;
    this.endpoint = endpoint;
  }
}
