/**
 * Bytes of a request body kept for the request log. The log stores at most its body cap (64 KiB by default) and
 * redacts a little over twice that, so 256 KiB always cover what it reads.
 */
export const LOG_BODY_PREFIX_BYTES = 256 * 1024;

/**
 * What the request log keeps of a body: the bytes themselves when short (no copy: the parser's buffer is the
 * request's own), else a copy of their beginning and the whole body's size. A copy, because a view would keep a
 * 30 MB body in memory until the log entry is written. Decoding and redaction wait for the log's batch write, off
 * the request path.
 */
export function keepBodyForLog(body: Uint8Array): { bytes: Uint8Array; size?: number } {
  if (body.length <= LOG_BODY_PREFIX_BYTES) return { bytes: body };
  return { bytes: Uint8Array.prototype.slice.call(body, 0, LOG_BODY_PREFIX_BYTES), size: body.length };
}
