import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/** A `Host` header taken apart: the lower-cased name or address (IPv6 without brackets) and the port, if any. */
export interface ParsedHost {
  hostname: string;
  port: number | null;
  kind: 'name' | 'ipv4' | 'ipv6';
}

const NAME = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*$/;
const PORT = /^[0-9]{1,5}$/;

/**
 * Parses a `Host` header strictly (RFC 9110 `uri-host [":" port]`): a DNS name, a dotted IPv4 address or a
 * bracketed IPv6 address, then optionally `:` and 1–5 digits. Anything else — userinfo
 * (`127.0.0.1:80@evil.example`), text after the bracket (`[::1]evil.example`), an IPv4 address in brackets
 * (`[127.0.0.1]`), a zone id, an empty or non-numeric port, a trailing dot, whitespace — is null.
 */
export function parseHostHeader(header: string | undefined): ParsedHost | null {
  if (header === undefined || header === '') return null;
  let hostPart: string;
  let portPart: string | undefined;
  if (header.startsWith('[')) {
    const close = header.indexOf(']');
    if (close === -1) return null;
    hostPart = header.slice(1, close);
    const rest = header.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return null;
      portPart = rest.slice(1);
    }
    if (!isIPv6(hostPart) || hostPart.includes('%')) return null;
  } else {
    const colon = header.indexOf(':');
    if (colon !== header.lastIndexOf(':')) return null;
    hostPart = colon === -1 ? header : header.slice(0, colon);
    portPart = colon === -1 ? undefined : header.slice(colon + 1);
  }
  let port: number | null = null;
  if (portPart !== undefined) {
    if (!PORT.test(portPart)) return null;
    port = Number(portPart);
    if (port > 65535) return null;
  }
  const hostname = hostPart.toLowerCase();
  if (header.startsWith('[')) return { hostname, port, kind: 'ipv6' };
  if (isIPv4(hostname)) return { hostname, port, kind: 'ipv4' };
  if (!NAME.test(hostname) || /^[0-9.]+$/.test(hostname)) return null;
  return { hostname, port, kind: 'name' };
}

/** Whether an address is the loopback: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const lowered = address.toLowerCase();
  if (isIPv4(lowered)) return lowered.startsWith('127.');
  if (lowered === '::1' || lowered === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lowered);
  return mapped !== null && mapped[1].startsWith('127.');
}

export interface HostPolicy {
  /** The gateway listens on the LAN: this machine's own interface addresses are allowed too. */
  lanAccess: boolean;
  /** Extra names or addresses (`AGT_ALLOWED_HOSTS`), lower case. */
  allowedHosts: readonly string[];
  /** This machine's addresses; default: read from the network interfaces (cached briefly). */
  localAddresses?: () => ReadonlySet<string>;
}

/**
 * The DNS-rebinding guard, for every route: the Host a browser sends is the name in the page's address, so a
 * hostile page that rebinds its own domain to 127.0.0.1 still sends its own domain and is refused. Allowed:
 * `localhost` and `*.localhost` (browsers resolve those to the loopback themselves), loopback addresses, this
 * machine's own addresses when LAN access is on, and the names or addresses of `AGT_ALLOWED_HOSTS`.
 */
export function isAllowedHost(header: string | undefined, policy: HostPolicy): boolean {
  const parsed = parseHostHeader(header);
  if (parsed === null) return false;
  const { hostname } = parsed;
  if (policy.allowedHosts.includes(hostname)) return true;
  if (parsed.kind === 'name') return hostname === 'localhost' || hostname.endsWith('.localhost');
  if (isLoopbackAddress(hostname)) return true;
  return policy.lanAccess && (policy.localAddresses ?? readLocalAddresses)().has(normalizeAddress(hostname));
}

/** `AGT_ALLOWED_HOSTS`: a comma list of names or addresses (IPv6 with or without brackets; ports are ignored). */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .map((entry) => parseHostHeader(entry)?.hostname ?? entry);
}

function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  return mapped ? mapped[1] : address;
}

const LOCAL_ADDRESS_CACHE_MS = 10_000;
let cachedAddresses: { at: number; addresses: Set<string> } | undefined;

/** This machine's interface addresses (re-read at most every 10 s, so a new DHCP lease is picked up). */
function readLocalAddresses(): ReadonlySet<string> {
  const now = Date.now();
  if (cachedAddresses && now - cachedAddresses.at < LOCAL_ADDRESS_CACHE_MS) return cachedAddresses.addresses;
  const addresses = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) addresses.add(entry.address.toLowerCase().replace(/%.*$/, ''));
  }
  cachedAddresses = { at: now, addresses };
  return addresses;
}
