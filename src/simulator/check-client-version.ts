/**
 * The backend's client-version gate, as the simulator acts it out on generate requests. It reads the version from
 * the Antigravity User-Agent (`antigravity/<version> <os>/<arch>` and the hub/CLI/Electron forms) and refuses
 * versions below `minClientVersion` with the text users reported — as a 503, as a 404 (what the newer models answer
 * older clients: router-for-me/CLIProxyAPI a834917e), or as a 200 whose whole completion is the sentence
 * (lbjlaq/Antigravity-Manager#1403 and #2134, NoeFabris/opencode-antigravity-auth#309). An Antigravity UA with no
 * readable version counts as outdated. A User-Agent that is not Antigravity's (gemini-cli, a test's fetch) is not
 * gated: no source says how the backend treats one.
 */
import { compareVersions, readAntigravityVersion } from '../google/code-assist/antigravity-client-version.js';
import type { SimulatorSettings } from './simulator-state.js';

/** The rule name counted in `ruleRejections` when the gate refuses a request. */
export const CLIENT_VERSION_RULE = 'require-supported-client-version';

export const CLIENT_VERSION_REFUSAL_TEXT =
  'This version of Antigravity is no longer supported. Please update to receive the latest features!';

/** True when the request must be refused for its client version. */
export function isOutdatedClient(userAgent: string | undefined, settings: Pick<SimulatorSettings, 'minClientVersion'>): boolean {
  const version = readAntigravityVersion(userAgent);
  if (version === undefined) return false;
  if (version === null) return true;
  return compareVersions(version, settings.minClientVersion) < 0;
}
