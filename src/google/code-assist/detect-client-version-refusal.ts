/**
 * Cloud Code's refusal of an outdated Antigravity client version, in every spelling seen so far. It arrives as an
 * error message (503, 404 on newer models) or as the whole completion text of a 200:
 * - "This version of Antigravity is no longer supported. Please update to receive the latest features!"
 *   (January 2026: lbjlaq/Antigravity-Manager#1318, #1403; NoeFabris/opencode-antigravity-auth#309;
 *   router-for-me/CLIProxyAPI#1316; badrisnarayanan/antigravity-claude-proxy#216)
 * - "… Please upgrade to receive the latest features." (April–May 2026: Antigravity-Manager#3075,
 *   antigravity-claude-proxy#329, Wei-Shaw/sub2api#1453)
 * - "Your current version of Antigravity is out of date. Please visit https://antigravity.google/download …"
 *   (February 2026, as completion text: Antigravity-Manager#2134)
 * - "Gemini 3.1 Pro is not available on this version. Please upgrade to the latest version." (per model,
 *   Wei-Shaw/sub2api#600)
 */
const REFUSAL_PATTERNS: readonly RegExp[] = [
  /this version of antigravity is no longer supported/i,
  /your current version of antigravity is out of date/i,
  /is not available on this version\.?\s*please (?:upgrade|update) to the latest version/i,
];

/** A completion longer than this is a real answer that merely quotes the sentence. */
const MAX_COMPLETION_REFUSAL_LENGTH = 300;

/** True when an error message or body names the client-version refusal. */
export function isClientVersionRefusal(text: string): boolean {
  return REFUSAL_PATTERNS.some((pattern) => pattern.test(text));
}

/**
 * True when a whole completion text is the refusal (the backend answers 200 with it instead of an error): short,
 * and nothing but the refusal sentence(s).
 */
export function isClientVersionRefusalCompletion(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_COMPLETION_REFUSAL_LENGTH && isClientVersionRefusal(trimmed);
}

/**
 * True while a streamed completion could still turn out to be the refusal: its text so far is a prefix of one of
 * the known openings. Lets the dispatcher hold back the first chunks of a stream only when it must.
 */
export function mayBecomeClientVersionRefusal(textSoFar: string): boolean {
  const unpadded = textSoFar.trimStart();
  // Long text is not the refusal: decided before lowercasing a copy of it (an echo of a 12 MB prompt is one chunk).
  if (unpadded.length > MAX_COMPLETION_REFUSAL_LENGTH) return false;
  const trimmed = unpadded.toLowerCase();
  if (trimmed === '') return true;
  // Shorter than an opening: could still grow into it; longer: must start with it.
  return REFUSAL_OPENINGS.some((opening) => opening.startsWith(trimmed.slice(0, opening.length)));
}

const REFUSAL_OPENINGS = ['this version of antigravity', 'your current version of antigravity'];

/**
 * What the log, the dashboard and the client are told when the version is refused: Google's words, the version
 * sent and where it came from, and the two places to set a current one. It is a configuration fault: no account
 * is cooled or disabled for it.
 */
export function formatClientVersionRefusal(
  version: string,
  source: 'env' | 'file' | 'default',
  upstreamMessage: string,
): string {
  const origin =
    source === 'env' ? 'from AGT_ANTIGRAVITY_VERSION' : source === 'file' ? 'from gui_config.json proxy.antigravity_version' : "agt's built-in default";
  const quoted = upstreamMessage.trim().replace(/\s+/g, ' ').slice(0, 200);
  return (
    `Google refused agt's Antigravity client version ${version} (${origin}): "${quoted}". ` +
    'Set a current Antigravity version with AGT_ANTIGRAVITY_VERSION or proxy.antigravity_version in gui_config.json ' +
    '(dashboard: Proxy → Antigravity version). This is a configuration fault: no account was cooled or disabled.'
  );
}
