import type { GeminiContent } from '../gemini/gemini-api.js';
import type { ConversationId, RequestHeaders } from './conversation-id.js';
import { hashFirstUserText } from './hash-first-user-text.js';
import { normalizeConversationId, readConversationHeader } from './read-conversation-header.js';

/**
 * The conversation of an Anthropic Messages request: a session header, else `metadata.user_id`, else the hash of
 * the first user text. Claude Code's `user_id` is a JSON string `{device_id, account_uuid, session_id}` (2.1.x) or
 * `user_<hash>_account_<uuid>_session_<uuid>` (older releases): the session part is taken. Any other string is the
 * caller's own user id, used whole.
 */
export function readAnthropicConversationId(
  headers: RequestHeaders,
  body: { metadata?: Record<string, unknown> | null },
  contents: readonly GeminiContent[],
): ConversationId | undefined {
  return readConversationHeader(headers) ?? readUserId(body.metadata?.user_id) ?? hashFirstUserText(contents);
}

function readUserId(value: unknown): ConversationId | undefined {
  const userId = normalizeConversationId(value);
  if (userId === undefined) return undefined;
  if (userId.startsWith('{')) {
    const sessionId = readJsonSessionId(value as string);
    if (sessionId !== undefined) return { id: sessionId, source: 'metadata.user_id.session_id' };
  }
  const legacy = /_session_([^_\s]+)$/.exec(userId)?.[1];
  if (legacy !== undefined) return { id: legacy, source: 'metadata.user_id.session_id' };
  return { id: userId, source: 'metadata.user_id' };
}

function readJsonSessionId(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    return normalizeConversationId((parsed as { session_id?: unknown }).session_id);
  } catch {
    return undefined;
  }
}
