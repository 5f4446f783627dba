import { describe, expect, it } from 'vitest';
import {
  buildAntigravityUserAgent,
  compareVersions,
  DEFAULT_ANTIGRAVITY_VERSION,
  readAntigravityVersion,
} from './antigravity-client-version.js';

describe('Antigravity client version', () => {
  it('compares numerically, part by part', () => {
    expect(compareVersions('2.10.0', '2.9.1')).toBe(1);
    expect(compareVersions('1.15.8', '2.9.0')).toBe(-1);
    expect(compareVersions('2.9', '2.9.0')).toBe(0);
    expect(compareVersions('4.3.0', '2.15.0')).toBe(1);
  });

  it('the default is at or above the 2.9.0 floor the backend set for newer models (CLIProxyAPI a834917e)', () => {
    expect(compareVersions(DEFAULT_ANTIGRAVITY_VERSION, '2.9.0')).toBeGreaterThanOrEqual(0);
  });

  it('reads the version from every Antigravity User-Agent form', () => {
    expect(readAntigravityVersion('antigravity/2.15.0 linux/amd64')).toBe('2.15.0');
    expect(readAntigravityVersion('antigravity/hub/2.9.1 darwin/arm64 google-api-nodejs-client/10.3.0')).toBe('2.9.1');
    expect(readAntigravityVersion('antigravity/cli/1.0.13 darwin/arm64')).toBe('1.0.13');
    expect(readAntigravityVersion('Antigravity/4.3.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/132.0.6834.160 Electron/39.2.3')).toBe('4.3.0');
    expect(readAntigravityVersion('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Antigravity/1.18.3 Chrome/138')).toBe('1.18.3');
  });

  it('tells an Antigravity UA without a version from a UA that is not Antigravity at all', () => {
    expect(readAntigravityVersion('antigravity')).toBeUndefined();
    expect(readAntigravityVersion('antigravity/ linux/amd64')).toBeNull();
    expect(readAntigravityVersion('antigravity/latest linux/amd64')).toBeNull();
    expect(readAntigravityVersion('google-api-nodejs-client/9.15.1')).toBeUndefined();
    expect(readAntigravityVersion(undefined)).toBeUndefined();
  });

  it('spells the platform like the Antigravity binaries do', () => {
    expect(buildAntigravityUserAgent('2.15.0', 'linux', 'x64')).toBe('antigravity/2.15.0 linux/amd64');
    expect(buildAntigravityUserAgent('2.15.0', 'win32', 'x64')).toBe('antigravity/2.15.0 windows/amd64');
    expect(buildAntigravityUserAgent('2.15.0', 'darwin', 'arm64')).toBe('antigravity/2.15.0 darwin/arm64');
  });
});
