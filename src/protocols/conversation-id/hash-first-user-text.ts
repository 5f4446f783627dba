import { hash } from 'node:crypto';
import { BoundedTextCache } from '../../shared/bounded-text-cache.js';
import type { GeminiContent } from '../gemini/gemini-api.js';
import type { ConversationId } from './conversation-id.js';

/**
 * The fallback conversation id when the client names none: a hash of the text of the first user turn, which every
 * later request of the same conversation repeats unchanged (clients resend the whole history). Two conversations
 * that open with the same words share it, which only means they share a cache session. Read from the converted
 * Gemini contents so the rule is the same for every protocol. No user text at all gives no id.
 * The same idea as CLIProxyAPI's `generateStableSessionID` and antigravity-claude-proxy's `deriveSessionId`.
 */
/** How much of the first user text is hashed (see below). */
const MAX_HASHED_CHARS = 64 * 1024;

export function hashFirstUserText(contents: readonly GeminiContent[]): ConversationId | undefined {
  const first = contents.find((content) => content.role === 'user');
  if (first === undefined) return undefined;
  const text = first.parts
    .filter((part) => typeof part.text === 'string' && part.thought !== true)
    .map((part) => part.text)
    .join('\n');
  if (text.trim() === '') return undefined;
  // A first message of megabytes (a pasted document) is told apart by its opening and its length: hashing all of it
  // on every request of the conversation would cost tens of milliseconds for nothing.
  const hashed = text.length > MAX_HASHED_CHARS ? `${text.slice(0, MAX_HASHED_CHARS)}\u0000${text.length}` : text;
  return { id: hashOf(hashed), source: 'first-user-text' };
}

/** First user texts up to this length are remembered with their id, this many of them (least recent out). */
const MAX_REMEMBERED_TEXT_LENGTH = 4096;
const MAX_REMEMBERED_TEXTS = 512;
/** Every turn of a conversation hashes the same first text again: for a short one, the hash costs more than a lookup. */
const rememberedIds = new BoundedTextCache<string>(MAX_REMEMBERED_TEXTS, 1024 * 1024);

function hashOf(text: string): string {
  const remembered = rememberedIds.get(text);
  if (remembered !== undefined) return remembered;
  const id = `sha256:${hash('sha256', text, 'hex').slice(0, 32)}`;
  if (text.length <= MAX_REMEMBERED_TEXT_LENGTH) rememberedIds.set(text, id);
  return id;
}
