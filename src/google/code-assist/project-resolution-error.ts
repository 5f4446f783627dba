import type { UpstreamFailure } from './classify-upstream-failure.js';

/**
 * No Cloud Code project could be found or created for an account. agt never invents a project id, so the
 * account cannot serve requests until this is fixed (often by the user, e.g. at `validationUrl`).
 */
export class ProjectResolutionError extends Error {
  /** The classified upstream failure, when an HTTP answer caused this. */
  readonly failure?: UpstreamFailure;
  readonly validationUrl?: string;

  constructor(message: string, options: { failure?: UpstreamFailure; validationUrl?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProjectResolutionError';
    if (options.failure !== undefined) this.failure = options.failure;
    const validationUrl = options.validationUrl ?? options.failure?.validationUrl;
    if (validationUrl !== undefined) this.validationUrl = validationUrl;
  }
}
