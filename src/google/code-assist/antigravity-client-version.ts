/**
 * The Antigravity client version agt reports to Cloud Code, and how the backend reads it.
 *
 * The backend gates on the version in the `User-Agent` (`antigravity/<version> <os>/<arch>`): below its current
 * minimum it answers "This version of Antigravity is no longer supported…" (a 503, a 200 whose completion is that
 * sentence, or, for the newest models, a 404). The minimum rose several times in 2026: 1.15.8 was the fix in January
 * (badrisnarayanan/antigravity-claude-proxy#217, NoeFabris/opencode-antigravity-auth#322), 1.23.2 was refused by
 * late April (lbjlaq/Antigravity-Manager#3075) while a higher number worked (antigravity-claude-proxy#329), and since
 * August the newer models need at least 2.9.0 (router-for-me/CLIProxyAPI a834917e, "raise the fallback client
 * version to 2.9.1"). Any version at or above the minimum is accepted, so the default is the newest Antigravity 2
 * release seen (2.15.0, September 2026: jrobertogarcia/antigravity-2-fedora-installer#26); users raise it with
 * `AGT_ANTIGRAVITY_VERSION` or `proxy.antigravity_version` when Google raises the floor again.
 */
export const DEFAULT_ANTIGRAVITY_VERSION = '2.15.0';

/** Compares two dotted versions numerically (`2.10.0` > `2.9.1`); missing parts count as 0. */
export function compareVersions(left: string, right: string): number {
  const a = left.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const b = right.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * The version an Antigravity-family User-Agent carries: `antigravity/2.15.0 linux/amd64`, the hub and CLI forms
 * `antigravity/hub/2.9.1 darwin/arm64` and `antigravity/cli/1.0.13 …`, and the Electron form
 * `Antigravity/4.3.0 (Macintosh; …) Chrome/… Electron/…` (Antigravity-Manager `constants.rs`). Returns `null` for an
 * Antigravity UA without a readable version and `undefined` for a UA that is not Antigravity's at all.
 */
export function readAntigravityVersion(userAgent: string | undefined): string | null | undefined {
  if (userAgent === undefined) return undefined;
  const match = /(?:^|\s)antigravity\/(?:(?:hub|cli)\/)?(\S*)/i.exec(userAgent);
  if (match === null) return undefined;
  const version = /^\d+(?:\.\d+){0,3}/.exec(match[1] ?? '');
  return version === null ? null : version[0];
}

/**
 * `antigravity/<version> <os>/<arch>`, the short form the Antigravity binaries send on generate, loadCodeAssist and
 * model-list calls, spelled like Go does (`linux/amd64`, `darwin/arm64`, `windows/amd64`) — CLIProxyAPI
 * `internal/misc/antigravity_version.go`, antigravity-claude-proxy `src/utils/version-detector.js`.
 */
export function buildAntigravityUserAgent(version: string, platform: string = process.platform, arch: string = process.arch): string {
  const operatingSystem = platform === 'win32' ? 'windows' : platform;
  const architecture = arch === 'x64' ? 'amd64' : arch;
  return `antigravity/${version} ${operatingSystem}/${architecture}`;
}
