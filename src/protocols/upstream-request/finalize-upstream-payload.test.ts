import { describe, expect, it } from 'vitest';
import { finalizeUpstreamPayload } from './finalize-upstream-payload.js';
import type { UpstreamPayload, UpstreamPayloadPass } from './upstream-payload.js';

const payload: UpstreamPayload = { model: 'm', requestType: 'agent', request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } };

describe('finalizeUpstreamPayload', () => {
  it('runs the passes in order and leaves the input untouched', () => {
    const seen: string[] = [];
    const rename: UpstreamPayloadPass = (current) => (seen.push(`rename:${current.model}`), { ...current, model: `${current.model}-2` });
    const search: UpstreamPayloadPass = (current) => (seen.push(`search:${current.model}`), { ...current, requestType: 'web_search' });
    const result = finalizeUpstreamPayload(payload, {}, [rename, search]);
    expect(seen).toEqual(['rename:m', 'search:m-2']);
    expect(result).toEqual({ ...payload, model: 'm-2', requestType: 'web_search' });
    expect(payload.model).toBe('m');
  });

  it('returns the same object when no pass changes anything', () => {
    expect(finalizeUpstreamPayload(payload, {}, [(current) => current])).toBe(payload);
  });
});
