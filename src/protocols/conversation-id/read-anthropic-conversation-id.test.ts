import { describe, expect, it } from 'vitest';
import { convertAnthropicRequestToGemini } from '../anthropic/convert-anthropic-request-to-gemini.js';
import { parseAnthropicMessagesRequest } from '../anthropic/parse-anthropic-messages-request.js';
import { readAnthropicConversationId } from './read-anthropic-conversation-id.js';

/** Parses and converts as the route does, then reads the id. */
function read(headers: Record<string, string>, body: Record<string, unknown>) {
  const parsed = parseAnthropicMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'first words' }], ...body });
  return readAnthropicConversationId(headers, parsed, convertAnthropicRequestToGemini(parsed).request.contents);
}

describe('readAnthropicConversationId', () => {
  it("takes Claude Code's x-claude-code-session-id header first", () => {
    const metadata = { user_id: JSON.stringify({ device_id: 'd', account_uuid: '', session_id: 'from-body' }) };
    expect(read({ 'x-claude-code-session-id': ' 8d0c7a4e-1 ' }, { metadata })).toEqual({ id: '8d0c7a4e-1', source: 'x-claude-code-session-id' });
  });

  it('reads session_id from the JSON user_id of Claude Code 2.1', () => {
    const metadata = { user_id: JSON.stringify({ device_id: 'dev', account_uuid: 'acc', session_id: 'sess-42' }) };
    expect(read({}, { metadata })).toEqual({ id: 'sess-42', source: 'metadata.user_id.session_id' });
  });

  it('reads the session part of the older user_<hash>_account_<uuid>_session_<uuid> form', () => {
    const metadata = { user_id: 'user_abc123_account_0f1e_session_5b6c-7d8e' };
    expect(read({}, { metadata })).toEqual({ id: '5b6c-7d8e', source: 'metadata.user_id.session_id' });
  });

  it('uses any other user_id whole, including JSON without a session_id', () => {
    expect(read({}, { metadata: { user_id: 'customer-17' } })).toEqual({ id: 'customer-17', source: 'metadata.user_id' });
    expect(read({}, { metadata: { user_id: '{"device_id":"d"}' } })).toEqual({ id: '{"device_id":"d"}', source: 'metadata.user_id' });
  });

  it("falls back to OpenCode's headers, then to a hash of the first user text that later turns repeat", () => {
    expect(read({ 'x-session-affinity': 'ses_1' }, {})).toEqual({ id: 'ses_1', source: 'x-session-affinity' });
    const first = read({}, {});
    const later = read({}, {
      messages: [
        { role: 'user', content: 'first words' },
        { role: 'assistant', content: 'reply' },
        { role: 'user', content: 'second words' },
      ],
    });
    expect(first).toEqual({ id: expect.stringMatching(/^sha256:[0-9a-f]{32}$/), source: 'first-user-text' });
    expect(later).toEqual(first);
    expect(read({}, { messages: [{ role: 'user', content: 'other words' }] })?.id).not.toBe(first?.id);
  });

  it('ignores empty or non-string ids', () => {
    expect(read({ 'x-claude-code-session-id': '  ' }, { metadata: { user_id: 5 } })?.source).toBe('first-user-text');
  });
});
