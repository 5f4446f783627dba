import { describe, expect, it } from 'vitest';
import { MAX_CONVERSATION_ID_LENGTH, readConversationHeader } from './read-conversation-header.js';

describe('readConversationHeader', () => {
  it('takes the most specific header present', () => {
    expect(readConversationHeader({ 'x-session-id': 'b', 'session-id': 'a' })).toEqual({ id: 'a', source: 'session-id' });
    expect(readConversationHeader({ 'x-session-affinity': 'c', 'x-session-id': 'b' })).toEqual({ id: 'b', source: 'x-session-id' });
    expect(readConversationHeader({ 'x-session-affinity': ['c', 'd'] })).toEqual({ id: 'c', source: 'x-session-affinity' });
  });

  it('has none without a usable header, and cuts very long ids', () => {
    expect(readConversationHeader({ 'x-request-id': 'r', 'session-id': '' })).toBeUndefined();
    expect(readConversationHeader({ 'session-id': 'x'.repeat(1000) })?.id).toHaveLength(MAX_CONVERSATION_ID_LENGTH);
  });
});
