import { createHash } from 'node:crypto';
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

  it('is the SHA-256 of the conversation id, also when remembered, for short and long ids and past the memo\'s size', () => {
    const expected = (id: string) => `-${createHash('sha256').update(id).digest().readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn}`;
    const ids = ['conv-a', 'x'.repeat(300), ...Array.from({ length: 2_100 }, (_, index) => `conversation ${index} ✓`)];
    for (let round = 0; round < 2; round++) {
      for (const id of ids) expect(formatUpstreamSessionId(id)).toBe(expected(id));
    }
  });

  it('leaves a request without a conversation untouched', () => {
    expect(setUpstreamSessionId(payload, {})).toBe(payload);
  });

  it('is one of the passes every attempt goes through', () => {
    expect(finalizeUpstreamPayload(payload, { conversationId: 'conv-a' }).request.sessionId).toBe(formatUpstreamSessionId('conv-a'));
  });
});
