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

/** `alice@example.com` → `al***@ex***`, for places where an account must be recognisable but not exposed. */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 2)}***@${domain.slice(0, 2)}***`;
}
