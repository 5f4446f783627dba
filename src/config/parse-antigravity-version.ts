/**
 * The Antigravity client version a user may set (`AGT_ANTIGRAVITY_VERSION`, `proxy.antigravity_version`): dotted
 * numbers only (`2.15.0`, `1.110.0`, `2.9`), the form the backend reads out of the User-Agent. The default lives
 * with the Cloud Code client (`DEFAULT_ANTIGRAVITY_VERSION` in src/google/code-assist).
 */
const VERSION_PATTERN = /^\d{1,6}(?:\.\d{1,6}){1,3}$/;

export function isValidAntigravityVersion(value: string): boolean {
  return VERSION_PATTERN.test(value.trim());
}

/** The trimmed version, or undefined when it is not a dotted version number. */
export function parseAntigravityVersion(value: string): string | undefined {
  const trimmed = value.trim();
  return VERSION_PATTERN.test(trimmed) ? trimmed : undefined;
}
