/**
 * Cross-site request forgery guards. A page on another origin — another port of 127.0.0.1 is enough, and it is
 * "same-site" for the browser, so `SameSite=Strict` cookies do not help — can make the browser send requests
 * to the gateway (form posts, `fetch` in `no-cors` mode) without reading the answers. What tells them apart is
 * what the browser adds itself and a page cannot forge: `Origin` and `Sec-Fetch-Site` / `Sec-Fetch-Mode`.
 */

export interface OriginHeaders {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  secFetchMode: string | undefined;
  contentType: string | undefined;
  /** The request carries the dashboard's session cookie. */
  hasSessionCookie: boolean;
}

export type OriginVerdict = { ok: true } | { ok: false; status: 403 | 415; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The media type of a Content-Type header, lower case, without parameters; '' when absent. */
export function readMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** `Origin` names the same origin as the `Host` the request was sent to (http or https in front of a proxy). */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = /^(https?):\/\/([^/?#\s]+)$/i.exec(origin.trim());
  if (match === null) return false;
  const authority = match[2].toLowerCase();
  const expected = host.toLowerCase();
  if (authority === expected) return true;
  // The browser leaves out a default port; some clients write it in Host.
  const defaultPort = match[1].toLowerCase() === 'https' ? ':443' : ':80';
  return authority + defaultPort === expected || authority === expected + defaultPort;
}

/**
 * The admin rule, for every state-changing request to the admin API (login and logout included):
 * 1. `Content-Type: application/json`, always (even without a body). A browser can only send that cross-origin
 *    after a CORS preflight, which the gateway never grants; and no form can produce it.
 * 2. When the browser says where the request comes from, it must be this very origin: `Origin` equal to the
 *    Host (`null` and any other origin are refused), and `Sec-Fetch-Site`, when sent, `same-origin`.
 * 3. A request with neither header does not come from a browser page (browsers send `Origin` with every
 *    state-changing request) — curl, scripts. It is allowed only when it carries no session cookie, so it can
 *    only be authenticated by the admin password itself (`Authorization: Bearer`), which a page does not have.
 */
export function checkAdminWrite(headers: OriginHeaders): OriginVerdict {
  if (!isStateChanging(headers.method)) return { ok: true };
  if (readMediaType(headers.contentType) !== 'application/json') {
    return { ok: false, status: 415, message: 'Admin requests that change something must be sent with "Content-Type: application/json"' };
  }
  if (headers.origin !== undefined && !isSameOrigin(headers.origin, headers.host)) {
    return { ok: false, status: 403, message: 'Cross-origin request refused: the admin API only accepts requests from the dashboard\'s own origin' };
  }
  if (headers.secFetchSite !== undefined && headers.secFetchSite.toLowerCase() !== 'same-origin') {
    return { ok: false, status: 403, message: 'Cross-site request refused (Sec-Fetch-Site): the admin API only accepts requests from the dashboard\'s own origin' };
  }
  if (headers.origin === undefined && headers.secFetchSite === undefined && headers.hasSessionCookie) {
    return { ok: false, status: 403, message: 'A request authenticated by the session cookie must carry its Origin; scripts authenticate with "Authorization: Bearer <admin password>" and no cookie' };
  }
  return { ok: true };
}

/** The content types a page can send cross-origin without a CORS preflight (forms, `no-cors` fetch). */
const SIMPLE_CONTENT_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * The rule for the AI routes, which must keep accepting whatever real clients send (SDKs and CLIs send no
 * `Origin`; browser-based clients send their own origin with `application/json`, after a preflight). Refused:
 * a state-changing request from another origin that a page made blind — a form navigation or a `no-cors`
 * fetch (`Sec-Fetch-Mode`), or any cross-origin request with a content type a page may send without a
 * preflight (form types, `text/plain`, none). Such a request could spend the account pool's quota without the
 * user knowing, and its sender could not read the answer anyway (the gateway grants no CORS).
 */
export function checkAiWrite(headers: OriginHeaders): OriginVerdict {
  if (!isStateChanging(headers.method)) return { ok: true };
  const site = headers.secFetchSite?.toLowerCase();
  const mode = headers.secFetchMode?.toLowerCase();
  const crossOrigin =
    (headers.origin !== undefined && !isSameOrigin(headers.origin, headers.host)) || site === 'cross-site' || site === 'same-site';
  if (!crossOrigin) return { ok: true };
  const blind = mode === 'navigate' || mode === 'no-cors' || SIMPLE_CONTENT_TYPES.has(readMediaType(headers.contentType));
  if (!blind) return { ok: true };
  return { ok: false, status: 403, message: 'Cross-origin form or no-cors request refused: a web page may not use the gateway behind the user\'s back' };
}
