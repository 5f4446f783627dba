import type { GeminiContent } from '../gemini/gemini-api.js';
import type { ConversationId, RequestHeaders } from './conversation-id.js';
import { hashFirstUserText } from './hash-first-user-text.js';
import { readConversationHeader } from './read-conversation-header.js';

/**
 * The conversation of a Gemini `generateContent` request: the Gemini REST body has no session field, so a session
 * header when a client sends one, else the hash of the first user text.
 */
export function readGeminiConversationId(headers: RequestHeaders, contents: readonly GeminiContent[]): ConversationId | undefined {
  return readConversationHeader(headers) ?? hashFirstUserText(contents);
}
