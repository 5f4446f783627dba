/** Every Cloud Code base failed at the network level (refused, reset, DNS, timeout before the response headers). */
export class UpstreamNetworkError extends Error {
  readonly code?: string;
  /** The last base tried. */
  readonly endpoint?: string;

  constructor(message: string, options: { code?: string; endpoint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamNetworkError';
    if (options.code !== undefined) this.code = options.code;
    if (options.endpoint !== undefined) this.endpoint = options.endpoint;
  }
}
