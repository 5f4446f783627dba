import { describe, expect, it } from 'vitest';
import { isAllowedHost, isLoopbackAddress, parseAllowedHosts, parseHostHeader } from './check-host.js';

const loopbackOnly = { lanAccess: false, allowedHosts: [], localAddresses: () => new Set(['192.168.1.20', 'fe80::1']) };
const lan = { ...loopbackOnly, lanAccess: true };

describe('parseHostHeader', () => {
  it('takes names, IPv4 and bracketed IPv6 with optional digit ports', () => {
    expect(parseHostHeader('LocalHost:8045')).toEqual({ hostname: 'localhost', port: 8045, kind: 'name' });
    expect(parseHostHeader('127.0.0.1')).toEqual({ hostname: '127.0.0.1', port: null, kind: 'ipv4' });
    expect(parseHostHeader('[::1]:80')).toEqual({ hostname: '::1', port: 80, kind: 'ipv6' });
  });

  it('refuses userinfo, junk after brackets, bracketed IPv4, bad ports, zones, trailing dots and empties', () => {
    for (const header of [
      undefined,
      '',
      '127.0.0.1:80@evil.example',
      'user@127.0.0.1',
      '[::1]evil.example',
      '[::1]:80evil',
      '[127.0.0.1]',
      '[::1',
      '[fe80::1%25eth0]',
      '127.0.0.1:',
      '127.0.0.1:abc',
      '127.0.0.1:+80',
      '127.0.0.1:99999',
      '127.0.0.1:80:80',
      'localhost.',
      '127.1',
      '2130706433',
      'evil.example/x',
      'local host',
      '::1',
    ]) {
      expect(parseHostHeader(header), String(header)).toBeNull();
    }
  });
});

describe('isAllowedHost', () => {
  it('allows loopback names and addresses by default, nothing else', () => {
    for (const host of ['localhost', 'localhost:8045', 'app.localhost:1', '127.0.0.1:8045', '127.5.6.7', '[::1]:8045', '[::ffff:127.0.0.1]']) {
      expect(isAllowedHost(host, loopbackOnly), host).toBe(true);
    }
    for (const host of ['evil.example', 'evil.example:8045', '192.168.1.20:8045', '8.8.8.8', '0.0.0.0:8045', '[::]:8045', 'localhost.evil.example', '127.0.0.1.nip.io']) {
      expect(isAllowedHost(host, loopbackOnly), host).toBe(false);
    }
  });

  it('allows this machine\'s own addresses only with LAN access', () => {
    expect(isAllowedHost('192.168.1.20:8045', lan)).toBe(true);
    expect(isAllowedHost('[fe80::1]:8045', lan)).toBe(true);
    expect(isAllowedHost('192.168.1.21:8045', lan)).toBe(false);
    expect(isAllowedHost('evil.example', lan)).toBe(false);
  });

  it('allows the names of AGT_ALLOWED_HOSTS, with or without ports and brackets', () => {
    const policy = { ...loopbackOnly, allowedHosts: parseAllowedHosts(' gateway.lan , [2001:db8::5]:8045,10.0.0.9 ') };
    expect(policy.allowedHosts).toEqual(['gateway.lan', '2001:db8::5', '10.0.0.9']);
    expect(isAllowedHost('Gateway.LAN:8045', policy)).toBe(true);
    expect(isAllowedHost('[2001:db8::5]', policy)).toBe(true);
    expect(isAllowedHost('10.0.0.9:1', policy)).toBe(true);
    expect(isAllowedHost('gateway.lan.evil.example', policy)).toBe(false);
  });

  it('knows the loopback', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.2')).toBe(true);
    expect(isLoopbackAddress('10.0.0.1')).toBe(false);
  });
});
