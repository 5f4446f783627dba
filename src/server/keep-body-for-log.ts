/**
 * Characters of a request body kept for the request log. The log stores at most its body cap (64 KiB by default)
 * and redacts a little over twice that, so 256 Ki characters always cover what it reads.
 */
export const LOG_BODY_PREFIX_CHARS = 256 * 1024;

/**
 * What the request log keeps of a body: the text itself when short, else a copy of its beginning and the whole
 * body's UTF-8 size. The copy is made through bytes on purpose: a `slice` of a string keeps the whole string alive
 * in V8, so a 30 MB body would stay in memory until the log entry is written.
 */
export function keepBodyForLog(body: string): { text: string; bytes?: number } {
  if (body.length <= LOG_BODY_PREFIX_CHARS) return { text: body };
  return { text: Buffer.from(body.slice(0, LOG_BODY_PREFIX_CHARS), 'utf8').toString('utf8'), bytes: Buffer.byteLength(body, 'utf8') };
}
