/**
 * Secret scrubbing for anything that may reach a log line, an account file reason or a response body.
 * Google access tokens start with `ya29.`, refresh tokens with `1//`; agt keys with `sk-`.
 */
const SECRET_PATTERNS: RegExp[] = [
  /ya29\.[A-Za-z0-9._-]+/g,
  /1\/\/[A-Za-z0-9._-]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /("?(?:access_token|refresh_token|id_token|client_secret|api_key|apiKey|password)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
  /\bsim-(?:at|rt|code)-[A-Za-z0-9_-]+/g,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}***` : '***',
    );
  }
  return out;
}

/** `alice@example.com` → `al***@ex***`, for places where an account must be recognisable but not exposed. */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 2)}***@${domain.slice(0, 2)}***`;
}
