import { describe, expect, it } from 'vitest';
import { checkAdminWrite, checkAiWrite, isSameOrigin, type OriginHeaders } from './check-browser-origin.js';

const base: OriginHeaders = {
  method: 'POST',
  host: '127.0.0.1:8045',
  origin: undefined,
  secFetchSite: undefined,
  secFetchMode: undefined,
  contentType: 'application/json',
  hasSessionCookie: false,
};

describe('isSameOrigin', () => {
  it('compares the Origin with the Host, default ports included', () => {
    expect(isSameOrigin('http://127.0.0.1:8045', '127.0.0.1:8045')).toBe(true);
    expect(isSameOrigin('http://LOCALHOST:8045', 'localhost:8045')).toBe(true);
    expect(isSameOrigin('http://localhost', 'localhost:80')).toBe(true);
    expect(isSameOrigin('https://gw.lan', 'gw.lan')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:3000', '127.0.0.1:8045')).toBe(false);
    expect(isSameOrigin('http://localhost:8045', '127.0.0.1:8045')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:8045')).toBe(false);
    expect(isSameOrigin('file://', '127.0.0.1:8045')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8045/x', '127.0.0.1:8045')).toBe(false);
  });
});

describe('checkAdminWrite', () => {
  it('lets reads through and the dashboard\'s own JSON writes', () => {
    expect(checkAdminWrite({ ...base, method: 'GET', contentType: undefined, origin: 'http://evil.example' })).toEqual({ ok: true });
    expect(checkAdminWrite({ ...base, origin: 'http://127.0.0.1:8045', secFetchSite: 'same-origin', hasSessionCookie: true })).toEqual({ ok: true });
    expect(checkAdminWrite({ ...base, contentType: 'application/json; charset=utf-8', origin: 'http://127.0.0.1:8045' })).toEqual({ ok: true });
  });

  it('needs JSON, even without a body', () => {
    for (const contentType of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      expect(checkAdminWrite({ ...base, contentType }), String(contentType)).toMatchObject({ ok: false, status: 415 });
    }
  });

  it('refuses other origins, other sites and cookie requests that hide where they come from', () => {
    expect(checkAdminWrite({ ...base, origin: 'http://127.0.0.1:3000' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAdminWrite({ ...base, origin: 'null' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAdminWrite({ ...base, secFetchSite: 'same-site' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAdminWrite({ ...base, secFetchSite: 'cross-site', origin: 'http://127.0.0.1:8045' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAdminWrite({ ...base, hasSessionCookie: true })).toMatchObject({ ok: false, status: 403 });
    // A script with the password and no cookie: no browser involved.
    expect(checkAdminWrite({ ...base })).toEqual({ ok: true });
  });
});

describe('checkAiWrite', () => {
  it('lets SDKs, same-origin pages and preflighted cross-origin JSON through', () => {
    expect(checkAiWrite({ ...base, contentType: undefined })).toEqual({ ok: true });
    expect(checkAiWrite({ ...base, contentType: 'text/plain' })).toEqual({ ok: true });
    expect(checkAiWrite({ ...base, origin: 'http://127.0.0.1:8045', contentType: 'text/plain' })).toEqual({ ok: true });
    expect(checkAiWrite({ ...base, origin: 'http://localhost:5173', secFetchSite: 'same-site', secFetchMode: 'cors' })).toEqual({ ok: true });
    expect(checkAiWrite({ ...base, method: 'GET', secFetchSite: 'cross-site', secFetchMode: 'navigate', contentType: undefined })).toEqual({ ok: true });
  });

  it('refuses blind cross-origin posts: forms and no-cors fetches', () => {
    expect(checkAiWrite({ ...base, origin: 'http://127.0.0.1:3000', secFetchSite: 'same-site', secFetchMode: 'navigate', contentType: 'text/plain' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAiWrite({ ...base, origin: 'http://evil.example', secFetchSite: 'cross-site', secFetchMode: 'no-cors', contentType: 'application/json' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAiWrite({ ...base, origin: 'http://evil.example', contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ ok: false, status: 403 });
    expect(checkAiWrite({ ...base, origin: 'null', contentType: 'multipart/form-data; boundary=x' })).toMatchObject({ ok: false, status: 403 });
  });
});
