import { describe, expect, it } from 'vitest';
import { isOutdatedClient } from './check-client-version.js';

const floor = { minClientVersion: '2.9.0' };

describe('isOutdatedClient', () => {
  it('gates Antigravity User-Agents on the minimum version', () => {
    expect(isOutdatedClient('antigravity/1.15.8 windows/amd64', floor)).toBe(true);
    expect(isOutdatedClient('antigravity/2.8.9 linux/amd64', floor)).toBe(true);
    expect(isOutdatedClient('antigravity/2.9.0 linux/amd64', floor)).toBe(false);
    expect(isOutdatedClient('antigravity/hub/2.10.1 darwin/arm64', floor)).toBe(false);
    expect(isOutdatedClient('Antigravity/4.3.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/132 Electron/39', floor)).toBe(false);
  });

  it('an Antigravity UA without a readable version is outdated; other UAs are not gated', () => {
    expect(isOutdatedClient('antigravity/ linux/amd64', floor)).toBe(true);
    expect(isOutdatedClient('google-api-nodejs-client/9.15.1', floor)).toBe(false);
    expect(isOutdatedClient(undefined, floor)).toBe(false);
  });
});
