import { describe, expect, it } from 'vitest';
import { classifyRoute } from './classify-route.js';

describe('classifyRoute', () => {
  it('classifies the admin API, login, status, metrics, callback and dashboard from the registered pattern', () => {
    expect(classifyRoute('GET', '/api/settings').area).toBe('admin');
    expect(classifyRoute('POST', '/api/logout').area).toBe('admin');
    expect(classifyRoute('DELETE', '/api/accounts/:id').area).toBe('admin');
    expect(classifyRoute('GET', '/metrics').area).toBe('admin');
    expect(classifyRoute('POST', '/api/login').area).toBe('login');
    expect(classifyRoute('GET', '/api/health').area).toBe('status');
    expect(classifyRoute('GET', '/auth/callback').area).toBe('oauth-callback');
    for (const url of ['/', '/index.html', '/assets/*', '/favicon.svg']) expect(classifyRoute('GET', url).area).toBe('dashboard');
    expect(classifyRoute('GET', '/healthz').area).toBe('health');
    expect(classifyRoute('OPTIONS', '/*').area).toBe('preflight');
  });

  it('treats every other route as an AI route (guarded by the API key), in its protocol', () => {
    expect(classifyRoute('POST', '/v1/chat/completions')).toEqual({ area: 'ai', protocol: 'openai' });
    expect(classifyRoute('GET', '/v1/models/:model')).toEqual({ area: 'ai', protocol: 'openai' });
    expect(classifyRoute('POST', '/v1/models/:modelAction')).toEqual({ area: 'ai', protocol: 'gemini' });
    expect(classifyRoute('POST', '/v1beta/models/:modelAction')).toEqual({ area: 'ai', protocol: 'gemini' });
    expect(classifyRoute('POST', '/v1/messages/count_tokens')).toEqual({ area: 'ai', protocol: 'anthropic' });
    expect(classifyRoute(['GET', 'POST'], '/some/new/route')).toEqual({ area: 'ai', protocol: 'openai' });
    // A look-alike prefix is not the admin API.
    expect(classifyRoute('GET', '/apis/x').area).toBe('ai');
  });
});
