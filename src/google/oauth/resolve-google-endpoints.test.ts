import { describe, expect, it } from 'vitest';
import { resolveGoogleEndpoints } from './resolve-google-endpoints.js';

describe('resolveGoogleEndpoints', () => {
  it('defaults to Google with the daily Cloud Code base, then prod, and no sandbox', () => {
    expect(resolveGoogleEndpoints({})).toEqual({
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      userinfoUrl: 'https://www.googleapis.com/oauth2/v2/userinfo',
      codeAssistUrls: ['https://daily-cloudcode-pa.googleapis.com', 'https://cloudcode-pa.googleapis.com'],
    });
  });

  it('uses the daily sandbox only when AGT_CODE_ASSIST_URLS names it', () => {
    const sandboxFirst = 'https://daily-cloudcode-pa.sandbox.googleapis.com/v1internal, https://cloudcode-pa.googleapis.com';
    expect(resolveGoogleEndpoints({ AGT_CODE_ASSIST_URLS: sandboxFirst }).codeAssistUrls).toEqual([
      'https://daily-cloudcode-pa.sandbox.googleapis.com',
      'https://cloudcode-pa.googleapis.com',
    ]);
  });

  it('maps everything onto AGT_GOOGLE_BASE_URL with the real paths', () => {
    expect(resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: 'http://127.0.0.1:9000/' })).toEqual({
      authUrl: 'http://127.0.0.1:9000/o/oauth2/v2/auth',
      tokenUrl: 'http://127.0.0.1:9000/token',
      userinfoUrl: 'http://127.0.0.1:9000/oauth2/v2/userinfo',
      codeAssistUrls: ['http://127.0.0.1:9000'],
    });
  });

  it('lets per-endpoint variables win over the base', () => {
    const endpoints = resolveGoogleEndpoints({
      AGT_GOOGLE_BASE_URL: 'http://127.0.0.1:9000',
      AGT_GOOGLE_TOKEN_URL: 'http://127.0.0.1:9001/oauth/token',
      AGT_GOOGLE_AUTH_URL: 'http://127.0.0.1:9001/auth',
      AGT_GOOGLE_USERINFO_URL: 'http://127.0.0.1:9001/me',
      AGT_CODE_ASSIST_URLS: ' http://a.test/ , ,http://b.test/v1internal',
    });
    expect(endpoints).toEqual({
      authUrl: 'http://127.0.0.1:9001/auth',
      tokenUrl: 'http://127.0.0.1:9001/oauth/token',
      userinfoUrl: 'http://127.0.0.1:9001/me',
      codeAssistUrls: ['http://a.test', 'http://b.test'],
    });
  });

  it('ignores empty values and does not share the default list', () => {
    const first = resolveGoogleEndpoints({ AGT_GOOGLE_BASE_URL: '  ', AGT_CODE_ASSIST_URLS: '' });
    first.codeAssistUrls.push('http://mutated.test');
    expect(resolveGoogleEndpoints({}).codeAssistUrls).toHaveLength(2);
    expect(first.tokenUrl).toBe('https://oauth2.googleapis.com/token');
  });
});
