import type { GeminiContent } from '../gemini/gemini-api.js';
import type { ConversationId, RequestHeaders } from './conversation-id.js';
import { hashFirstUserText } from './hash-first-user-text.js';
import { normalizeConversationId, readConversationHeader } from './read-conversation-header.js';

/**
 * The conversation of a Chat Completions request: a session header (OpenCode, Qwen Code), else `prompt_cache_key`,
 * else `user`, else the hash of the first user text.
 * @see https://platform.openai.com/docs/api-reference/chat/create (prompt_cache_key, user)
 */
export function readOpenAIChatConversationId(
  headers: RequestHeaders,
  body: Readonly<Record<string, unknown>>,
  contents: readonly GeminiContent[],
): ConversationId | undefined {
  return readConversationHeader(headers) ?? readBodyField(body, 'prompt_cache_key') ?? readBodyField(body, 'user') ?? hashFirstUserText(contents);
}

/** A string body field as a conversation id (shared with the Responses reader). */
export function readBodyField(body: Readonly<Record<string, unknown>>, field: string): ConversationId | undefined {
  const id = normalizeConversationId(body[field]);
  return id === undefined ? undefined : { id, source: field };
}
