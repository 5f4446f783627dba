import { describe, expect, it } from 'vitest';
import { decideProxyAuth, extractApiKey, safeEqual } from './check-api-key.js';

describe('extractApiKey', () => {
  it('takes the first header present, in the documented order', () => {
    expect(extractApiKey({ authorization: 'Bearer a', xApiKey: 'b', xGoogApiKey: 'c' })).toBe('a');
    expect(extractApiKey({ authorization: 'raw', xApiKey: 'b' })).toBe('raw');
    expect(extractApiKey({ xApiKey: 'b', xGoogApiKey: 'c' })).toBe('b');
    expect(extractApiKey({ xGoogApiKey: 'c', queryKey: 'd' })).toBe('c');
    expect(extractApiKey({ queryKey: 'd' })).toBe('d');
    expect(extractApiKey({})).toBeUndefined();
  });
});

describe('decideProxyAuth', () => {
  const base = { method: 'POST', isHealthRoute: false, allowLanAccess: false, apiKey: 'sk-right' };
  it('lets OPTIONS through in every mode', () => {
    expect(decideProxyAuth({ ...base, method: 'OPTIONS', authMode: 'strict', sources: {} })).toBe('allow');
  });
  it('auto is off on loopback and all_except_health on the LAN', () => {
    expect(decideProxyAuth({ ...base, authMode: 'auto', sources: {} })).toBe('allow');
    expect(decideProxyAuth({ ...base, authMode: 'auto', allowLanAccess: true, sources: {} })).toBe('missing-key');
    expect(decideProxyAuth({ ...base, isHealthRoute: true, authMode: 'auto', allowLanAccess: true, sources: {} })).toBe('allow');
  });
  it('strict guards health too', () => {
    expect(decideProxyAuth({ ...base, isHealthRoute: true, authMode: 'strict', sources: {} })).toBe('missing-key');
  });
  it('a wrong Authorization hides a correct x-api-key', () => {
    expect(decideProxyAuth({ ...base, authMode: 'strict', sources: { authorization: 'Bearer nope', xApiKey: 'sk-right' } })).toBe('wrong-key');
  });
  it('refuses everything when no key is configured', () => {
    expect(decideProxyAuth({ ...base, apiKey: '', authMode: 'strict', sources: { xApiKey: '' } })).toBe('no-key-configured');
  });
  it('compares in constant time and exactly', () => {
    expect(safeEqual('sk-right', 'sk-right')).toBe(true);
    expect(safeEqual('sk-righ', 'sk-right')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
