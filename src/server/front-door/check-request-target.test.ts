import { describe, expect, it } from 'vitest';
import { checkRequestTarget } from './check-request-target.js';

describe('checkRequestTarget', () => {
  it('accepts the spellings real clients send', () => {
    for (const target of [
      '/v1/chat/completions',
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=a%2Fb',
      '/v1beta/models/gemini-2.5-flash%3AgenerateContent',
      '/api/accounts/1b2c-3d/toggle-proxy',
      '/api/logs?model=gemini%2D2.5',
      '/v1/models/%E6%A8%A1%E5%9E%8B',
      '/v1/models/a%20b',
      '/',
    ]) {
      expect(checkRequestTarget(target), target).toBeNull();
    }
  });

  it('refuses every spelling that could change which route matches', () => {
    for (const target of [
      'http://127.0.0.1/api/accounts',
      'HTTP://127.0.0.1:8045/metrics',
      '127.0.0.1:8045',
      '*',
      '/%61pi/settings',
      '/ap%69/settings',
      '/%6detrics',
      '/%6Detrics',
      '/metrics#x',
      '/api/settings?x#y',
      '//api/settings',
      '/api%2Fsettings',
      '/api%2fsettings',
      '/api%5csettings',
      '/api\\settings',
      '/x/../api/settings',
      '/api/./settings',
      '/api/%2e%2e/settings',
      '/api/settings%2E',
      '/api/%252e',
      '/api/settings%00',
      '/api/settings%zz',
      '/api/settings%',
    ]) {
      expect(checkRequestTarget(target), target).not.toBeNull();
    }
  });
});
