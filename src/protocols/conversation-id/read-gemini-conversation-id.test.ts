import { describe, expect, it } from 'vitest';
import { readGeminiConversationId } from './read-gemini-conversation-id.js';

describe('readGeminiConversationId', () => {
  const contents = [
    { role: 'user', parts: [{ text: 'plan the trip' }, { inlineData: { mimeType: 'image/png', data: 'AA' } }] },
    { role: 'model', parts: [{ text: 'sure' }] },
  ];

  it('takes a session header when there is one', () => {
    expect(readGeminiConversationId({ 'x-session-id': 's' }, contents)).toEqual({ id: 's', source: 'x-session-id' });
  });

  it('hashes the text of the first user turn, skipping thoughts and media, and has none without text', () => {
    const id = readGeminiConversationId({}, contents);
    const sameText = readGeminiConversationId({}, [{ role: 'user', parts: [{ text: 'thinking', thought: true }, { text: 'plan the trip' }] }]);
    expect(id).toEqual({ id: expect.stringMatching(/^sha256:/), source: 'first-user-text' });
    expect(sameText).toEqual(id);
    expect(readGeminiConversationId({}, [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: 'AA' } }] }])).toBeUndefined();
  });
});
