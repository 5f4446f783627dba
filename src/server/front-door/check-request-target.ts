/**
 * The request target, checked before anything reads it as a route. Only origin-form (`/path?query`) is
 * accepted, and its path only in the one spelling the router matches as written: an absolute-form target
 * (`GET http://host/api/x`), a fragment, a backslash, a dot segment, or percent-encoding that decodes to a
 * character that changes what the path means to a router (`/`, `\`, `.`, or an unreserved letter, digit,
 * `-`, `_`, `~` — `/%61pi` is `/api` to the router) is refused. Encodings that a parameter legitimately
 * carries (`%20`, `%3A`, non-ASCII UTF-8) stay allowed. The query string is not the router's business and is
 * left alone.
 *
 * Returns null when the target is fine, else why not (for the 400 message).
 */
export function checkRequestTarget(target: string): string | null {
  if (!target.startsWith('/')) return 'the request target must be a path (origin-form), not an absolute URL';
  if (target.startsWith('//')) return 'the request path must not start with "//"';
  if (target.includes('#')) return 'the request target must not carry a fragment (#)';
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  if (path.includes('\\')) return 'the request path must not contain a backslash';
  // A dot segment needs a dot: most paths have none and are not split.
  if (path.includes('.')) {
    for (const segment of path.split('/')) {
      if (segment === '.' || segment === '..') return 'the request path must not contain "." or ".." segments';
    }
  }
  for (let index = path.indexOf('%'); index !== -1; index = path.indexOf('%', index + 1)) {
    const hex = path.slice(index + 1, index + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return 'the request path has a malformed percent-encoding';
    const code = Number.parseInt(hex, 16);
    if (code < 0x20 || code === 0x7f) return 'the request path must not encode control characters';
    if (REFUSED_ENCODED.has(code)) {
      return `the request path must not percent-encode "${String.fromCharCode(code)}" (send it as is)`;
    }
  }
  return null;
}

/** `/`, `\`, `.`, `%` itself (double encoding) and the unreserved characters of RFC 3986 (ALPHA, DIGIT, `-`, `_`, `~`). */
const REFUSED_ENCODED = new Set<number>([0x2f, 0x5c, 0x2e, 0x25, 0x2d, 0x5f, 0x7e]);
for (let code = 0x30; code <= 0x39; code++) REFUSED_ENCODED.add(code);
for (let code = 0x41; code <= 0x5a; code++) REFUSED_ENCODED.add(code);
for (let code = 0x61; code <= 0x7a; code++) REFUSED_ENCODED.add(code);
