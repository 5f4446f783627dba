import type { GeminiContent } from '../gemini/gemini-api.js';
import type { ConversationId, RequestHeaders } from './conversation-id.js';
import { hashFirstUserText } from './hash-first-user-text.js';
import { readConversationHeader } from './read-conversation-header.js';
import { readBodyField } from './read-openai-chat-conversation-id.js';

/**
 * The conversation of a Responses request: a session header (Codex CLI's `session-id`), else `prompt_cache_key`
 * (Codex sets it to the same session), else `user`, else the hash of the first user text.
 */
export function readResponsesConversationId(
  headers: RequestHeaders,
  body: Readonly<Record<string, unknown>>,
  contents: readonly GeminiContent[],
): ConversationId | undefined {
  return readConversationHeader(headers) ?? readBodyField(body, 'prompt_cache_key') ?? readBodyField(body, 'user') ?? hashFirstUserText(contents);
}
