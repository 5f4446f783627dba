import { describe, expect, it } from 'vitest';
import { convertOpenAIRequestToGemini } from '../openai/convert-openai-request-to-gemini.js';
import { parseOpenAIChatRequest } from '../openai/parse-openai-chat-request.js';
import { readOpenAIChatConversationId } from './read-openai-chat-conversation-id.js';

function read(headers: Record<string, string>, body: Record<string, unknown>) {
  const parsed = parseOpenAIChatRequest({
    model: 'm',
    messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there' }],
    ...body,
  });
  return readOpenAIChatConversationId(headers, parsed, convertOpenAIRequestToGemini(parsed).request.contents);
}

describe('readOpenAIChatConversationId', () => {
  it('prefers a session header, then prompt_cache_key, then user', () => {
    expect(read({ 'x-session-id': 'ses_9' }, { prompt_cache_key: 'k', user: 'u' })).toEqual({ id: 'ses_9', source: 'x-session-id' });
    expect(read({}, { prompt_cache_key: 'k', user: 'u' })).toEqual({ id: 'k', source: 'prompt_cache_key' });
    expect(read({}, { user: 'u' })).toEqual({ id: 'u', source: 'user' });
  });

  it('hashes the first user text (not the system prompt) otherwise', () => {
    const id = read({}, {});
    expect(id?.source).toBe('first-user-text');
    expect(read({}, { messages: [{ role: 'system', content: 'other system' }, { role: 'user', content: 'hello there' }] })).toEqual(id);
  });
});
