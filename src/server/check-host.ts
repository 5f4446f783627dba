import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * DNS-rebinding guard for the admin API and the dashboard: the Host must be a loopback name or an IP
 * literal (LAN access by address). A hostile page that rebinds its own domain to 127.0.0.1 still sends
 * its domain name as Host and is refused. Extra names can be allowed with `AGT_ALLOWED_HOSTS` (comma list).
 */
export function isAllowedHost(hostHeader: string | undefined, extraHosts: readonly string[] = readExtraHosts()): boolean {
  if (!hostHeader) return false;
  let host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'));
  else if (host.includes(':')) host = host.slice(0, host.lastIndexOf(':'));
  if (LOOPBACK_NAMES.has(host) || host.endsWith('.localhost')) return true;
  if (isIP(host) !== 0) return true;
  return extraHosts.includes(host);
}

function readExtraHosts(): string[] {
  return (process.env.AGT_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}
