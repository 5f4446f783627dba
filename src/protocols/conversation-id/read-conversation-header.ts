import type { ConversationId, RequestHeaders } from './conversation-id.js';

/**
 * The session headers clients send, most specific first: Claude Code's `x-claude-code-session-id`, Codex CLI's
 * `session-id`, OpenCode's `x-session-id` and `x-session-affinity`. Every protocol reads the same list (OpenCode
 * sends its headers on the OpenAI, Responses and Anthropic routes alike).
 * Recorded from the real clients (shared reference `clients-and-peers-2026-12.md`).
 */
export const CONVERSATION_HEADERS = ['x-claude-code-session-id', 'session-id', 'x-session-id', 'x-session-affinity'] as const;

/** Ids longer than this are cut: they become map keys and log fields, and no client sends anything near it. */
export const MAX_CONVERSATION_ID_LENGTH = 200;

export function readConversationHeader(headers: RequestHeaders): ConversationId | undefined {
  for (const name of CONVERSATION_HEADERS) {
    const raw = headers[name];
    const id = normalizeConversationId(Array.isArray(raw) ? raw[0] : raw);
    if (id !== undefined) return { id, source: name };
  }
  return undefined;
}

/** A usable id: a non-empty string after trimming, cut to MAX_CONVERSATION_ID_LENGTH; anything else is none. */
export function normalizeConversationId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_CONVERSATION_ID_LENGTH);
}
