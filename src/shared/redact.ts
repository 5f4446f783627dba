/**
 * Secret scrubbing for anything that may reach a log line, an account file reason or a response body.
 * Google access tokens start with `ya29.`, refresh tokens with `1//`; agt keys with `sk-`.
 */
/**
 * One pass over the text (this runs on every logged request body): Google access tokens, refresh tokens, agt
 * keys, the simulator's tokens as bare matches; `Bearer <x>` and `"access_token": "<x>"`-style pairs keep their
 * prefix (groups 1 and 2) and lose the value. No alternative may start with something as common as an optional
 * `"`: the engine would try the pair alternative at every quote of a JSON body (that made it 1.7× slower).
 */
const SECRET_PATTERN =
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+|((?:access_token|refresh_token|id_token|client_secret|api_key|apiKey|password)"?\s*[:=]\s*"?)[^"&\s,}]+|ya29\.[A-Za-z0-9._-]+|1\/\/[A-Za-z0-9._-]{8,}|\bsk-[A-Za-z0-9_-]{8,}|\bsim-(?:at|rt|code)-[A-Za-z0-9_-]+/gi;

export function redactSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, (_match, bearer: string | undefined, pair: string | undefined) => `${bearer ?? pair ?? ''}***`);
}

/**
 * JavaScript's `\s` beyond ASCII, as UTF-8 bytes read one per character (Latin-1): U+00A0, U+1680, U+2000–200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
 */
const UTF8_SPACE = '(?:[\\t\\n\\v\\f\\r ]|\\xc2\\xa0|\\xe1\\x9a\\x80|\\xe2\\x80[\\x80-\\x8a\\xa8\\xa9\\xaf]|\\xe2\\x81\\x9f|\\xe3\\x80\\x80|\\xef\\xbb\\xbf)';

/**
 * SECRET_PATTERN for UTF-8 bytes read as Latin-1 text (one character a byte, which is cheap to make and to scan).
 * The secrets are ASCII, so they match the same; the spaces around a pair and after `Bearer` may be any of `\s`
 * (UTF8_SPACE), and a value runs on over every non-ASCII byte (it ends at ASCII space), so this never masks less
 * than SECRET_PATTERN does on the decoded text.
 */
const SECRET_PATTERN_UTF8 = new RegExp(
  `(Bearer${UTF8_SPACE}+)[A-Za-z0-9._~+/=-]+|((?:access_token|refresh_token|id_token|client_secret|api_key|apiKey|password)"?${UTF8_SPACE}*[:=]${UTF8_SPACE}*"?)[^"&\\t\\n\\v\\f\\r ,}]+|ya29\\.[A-Za-z0-9._-]+|1\\/\\/[A-Za-z0-9._-]{8,}|\\bsk-[A-Za-z0-9_-]{8,}|\\bsim-(?:at|rt|code)-[A-Za-z0-9_-]+`,
  'gi',
);

/** SECRET_PATTERN_UTF8 for scans that start part-way into a text (`exec` from `lastIndex`). */
const SECRET_PATTERN_UTF8_FROM = new RegExp(SECRET_PATTERN_UTF8.source, 'gi');
/** SECRET_PATTERN_UTF8 matched at one index only (`lastIndex`), for the whole of a match found in a window. */
const SECRET_PATTERN_UTF8_AT = new RegExp(SECRET_PATTERN_UTF8.source, 'iy');

/**
 * `redactSecrets` over UTF-8 bytes, without decoding them; the bytes themselves when there is nothing to mask.
 * `scanFrom`: no match starts before this index (see `scanStartAfterCleanPrefix`); `scanLast`: none starts after
 * this one (see `lastScanStartBeforeCleanSuffix`). The scan looks for matches that start between them, and the
 * result is the same as a scan of the whole text.
 */
export function redactSecretsInUtf8(bytes: Buffer, scanFrom = 0, scanLast = Infinity): Buffer {
  if (scanFrom <= 0 && scanLast >= bytes.length) {
    const text = bytes.toString('latin1');
    const redacted = text.replace(SECRET_PATTERN_UTF8, (_match, bearer: string | undefined, pair: string | undefined) => `${bearer ?? pair ?? ''}***`);
    return redacted === text ? bytes : Buffer.from(redacted, 'latin1');
  }
  if (scanFrom > scanLast) return bytes;
  // Matches are looked for in a window that ends far enough after `scanLast` for every alternative of the pattern to
  // be decided there (see `windowEndAfter`); each one found is then taken whole from the text.
  const windowEnd = scanLast >= bytes.length ? bytes.length : windowEndAfter(bytes, scanLast + 1);
  const pattern = SECRET_PATTERN_UTF8_FROM;
  // Most scans find nothing: only the window (from the byte before `scanFrom`, which `\b` reads) is made text for that.
  // Decoding a whole body with bytes of 0x80 and above as Latin-1 takes ~1 ns a byte; the window is often a few KB of it.
  const windowStart = Math.max(0, scanFrom - 1);
  pattern.lastIndex = Math.max(0, scanFrom) - windowStart;
  const first = pattern.exec(bytes.toString('latin1', windowStart, windowEnd));
  if (first === null || first.index + windowStart > scanLast) return bytes;
  const text = bytes.toString('latin1');
  const window = windowEnd === text.length ? text : text.slice(0, windowEnd);
  let redacted = '';
  let copiedTo = 0;
  let found = false;
  for (pattern.lastIndex = Math.max(0, scanFrom); ; ) {
    const candidate = pattern.exec(window);
    if (candidate === null || candidate.index > scanLast) break;
    SECRET_PATTERN_UTF8_AT.lastIndex = candidate.index;
    const match = window === text ? candidate : (SECRET_PATTERN_UTF8_AT.exec(text) ?? candidate);
    found = true;
    redacted += `${text.slice(copiedTo, match.index)}${match[1] ?? match[2] ?? ''}***`;
    copiedTo = match.index + match[0].length;
    if (copiedTo > scanLast) break;
    pattern.lastIndex = copiedTo;
  }
  return found ? Buffer.from(redacted + text.slice(copiedTo), 'latin1') : bytes;
}

/**
 * Bytes a match of SECRET_PATTERN_UTF8 needs besides its runs of spaces, with room to spare: at most
 * `client_secret":"` and one character of the value (17), or `sk-`, eight characters and the one before for `\b`.
 */
const MATCH_REACH_BYTES = 64;

/**
 * Where a scan for secrets has to start in `bytes` when their first `cleanBytes` are the same as those of a text in
 * which SECRET_PATTERN_UTF8 found nothing. A match that started before the returned index would need only bytes of that
 * shared beginning, so it would have been found there: it cannot exist. A match may reach back over any run of spaces
 * (and the quote, colon and equals sign around them; bytes of 0x80 and above stand for the non-ASCII spaces), so the
 * start steps back over those bytes before the common part ends, then MATCH_REACH_BYTES further.
 */
export function scanStartAfterCleanPrefix(bytes: Uint8Array, cleanBytes: number): number {
  let start = Math.min(cleanBytes, bytes.length);
  while (start > 0 && isWithinSecretReach(bytes[start - 1])) start -= 1;
  return Math.max(0, start - MATCH_REACH_BYTES);
}

/**
 * The last index at which a match of SECRET_PATTERN_UTF8 can start in `bytes` when their last `cleanBytes` are the same
 * as those of a text in which it found nothing. Whether the pattern matches at an index depends only on the bytes from
 * the one before it (`\b`) to the end; from `bytes.length - cleanBytes + 1` on, those are bytes of the clean text,
 * where no index matched.
 */
export function lastScanStartBeforeCleanSuffix(bytes: Uint8Array, cleanBytes: number): number {
  return bytes.length - Math.min(cleanBytes, bytes.length);
}

/**
 * Where a window of `bytes` can end so that every match starting before `from` is decided inside it: past runs of
 * the bytes a match may hold any number of (spaces, quotes, colons, equals signs, non-ASCII bytes), MATCH_REACH_BYTES
 * other bytes, which is more than what any alternative needs after its start besides those runs.
 */
function windowEndAfter(bytes: Uint8Array, from: number): number {
  let end = from;
  for (let counted = 0; end < bytes.length && counted < MATCH_REACH_BYTES; end++) {
    if (!isWithinSecretReach(bytes[end])) counted += 1;
  }
  return end;
}

function isWithinSecretReach(byte: number): boolean {
  return byte >= 0x80 || byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) || byte === 0x22 || byte === 0x3a || byte === 0x3d;
}

/** `alice@example.com` → `al***@ex***`, for places where an account must be recognisable but not exposed. */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 2)}***@${domain.slice(0, 2)}***`;
}
