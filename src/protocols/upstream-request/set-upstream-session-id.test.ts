import { describe, expect, it } from 'vitest';
import { finalizeUpstreamPayload } from './finalize-upstream-payload.js';
import { formatUpstreamSessionId, setUpstreamSessionId } from './set-upstream-session-id.js';
import type { UpstreamPayload } from './upstream-payload.js';

const payload: UpstreamPayload = { model: 'm', requestType: 'agent', request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } };

describe('setUpstreamSessionId', () => {
  it('derives one stable sessionId per conversation, in the desktop shape', () => {
    const first = setUpstreamSessionId(payload, { conversationId: 'conv-a' });
    const again = setUpstreamSessionId(payload, { conversationId: 'conv-a' });
    const other = setUpstreamSessionId(payload, { conversationId: 'conv-b' });
    expect(first.request.sessionId).toMatch(/^-\d{1,19}$/);
    expect(again.request.sessionId).toBe(first.request.sessionId);
    expect(other.request.sessionId).not.toBe(first.request.sessionId);
    expect(BigInt(String(first.request.sessionId).slice(1))).toBeLessThan(2n ** 63n);
    expect(payload.request.sessionId).toBeUndefined();
  });

  it('leaves a request without a conversation untouched', () => {
    expect(setUpstreamSessionId(payload, {})).toBe(payload);
  });

  it('is one of the passes every attempt goes through', () => {
    expect(finalizeUpstreamPayload(payload, { conversationId: 'conv-a' }).request.sessionId).toBe(formatUpstreamSessionId('conv-a'));
  });
});
