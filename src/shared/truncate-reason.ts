/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a character boundary, ending with "..." when cut.
 * Used for `disabled_reason` (800 bytes) so account files never grow without bound.
 */
export function truncateReason(text: string, maxBytes = 800): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = Math.max(0, maxBytes - 3);
  let bytes = 0;
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    out += char;
  }
  return `${out}...`;
}
