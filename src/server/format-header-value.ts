/** Longest value agt puts in an informational response header; a client's header parser may refuse more. */
const MAX_HEADER_VALUE_LENGTH = 256;

/**
 * A client-chosen string (e.g. the model name) made safe for a response header: Node refuses control
 * characters and anything above U+00FF with ERR_INVALID_CHAR, so every byte outside printable ASCII is
 * percent-encoded (UTF-8; a lone surrogate becomes U+FFFD) and the result is cut to a sane length.
 */
export function formatHeaderValue(value: string): string {
  const safe = value.replace(/[^\x20-\x7e]+/g, (run) =>
    Array.from(Buffer.from(run, 'utf8'), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return safe.length > MAX_HEADER_VALUE_LENGTH ? safe.slice(0, MAX_HEADER_VALUE_LENGTH) : safe;
}
