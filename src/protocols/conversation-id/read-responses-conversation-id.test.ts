import { describe, expect, it } from 'vitest';
import { convertOpenAIResponsesRequestToGemini } from '../openai-responses/convert-openai-responses-request-to-gemini.js';
import { parseOpenAIResponsesRequest } from '../openai-responses/parse-openai-responses-request.js';
import { readResponsesConversationId } from './read-responses-conversation-id.js';

function read(headers: Record<string, string>, body: Record<string, unknown>) {
  const parsed = parseOpenAIResponsesRequest({ model: 'gpt-5', input: 'list the files', ...body });
  return readResponsesConversationId(headers, parsed.body, convertOpenAIResponsesRequestToGemini(parsed).request.contents);
}

describe('readResponsesConversationId', () => {
  it("takes Codex's session-id header, then prompt_cache_key", () => {
    expect(read({ 'session-id': '019a-thread' }, { prompt_cache_key: '019a-thread' })).toEqual({ id: '019a-thread', source: 'session-id' });
    expect(read({}, { prompt_cache_key: '019a-thread', store: false })).toEqual({ id: '019a-thread', source: 'prompt_cache_key' });
    expect(read({}, { user: 'someone' })).toEqual({ id: 'someone', source: 'user' });
  });

  it('hashes the first user text when the client names no conversation', () => {
    expect(read({}, {})?.source).toBe('first-user-text');
  });
});
