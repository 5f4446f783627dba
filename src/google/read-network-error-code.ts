/**
 * Finds the machine-readable code of a failed HTTP attempt (`ECONNREFUSED`, `ECONNRESET`,
 * `UND_ERR_HEADERS_TIMEOUT`, …). undici sometimes wraps the socket error in `cause`, so both levels are read.
 */
export function readNetworkErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    if (typeof current !== 'object') return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (current as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'ETIMEDOUT';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A short, secret-free description of a network failure for error messages. */
export function describeNetworkError(error: unknown): string {
  const code = readNetworkErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
