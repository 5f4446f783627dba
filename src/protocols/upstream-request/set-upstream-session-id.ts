import { hash } from 'node:crypto';
import { BoundedTextCache } from '../../shared/bounded-text-cache.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * Sets `request.sessionId` from the conversation id, the same for every request of a conversation: the backend keys
 * its prompt cache on the session, so a new id per request (or none) makes every turn pay for the whole prompt.
 * The shape is the desktop app's own, a minus sign and a decimal 63-bit number (CLIProxyAPI
 * `internal/runtime/executor/antigravity_executor.go` `generateStableSessionID` sends the same shape, derived from
 * the first user text; antigravity-claude-proxy `src/cloudcode/request-builder.js` sets `request.sessionId` too).
 * A request without a conversation id is left as it is.
 */
export const setUpstreamSessionId: UpstreamPayloadPass = (payload, context) => {
  if (context.conversationId === undefined || context.conversationId === '') return payload;
  const sessionId = formatUpstreamSessionId(context.conversationId);
  if (payload.request.sessionId === sessionId) return payload;
  return { ...payload, request: { ...payload.request, sessionId } };
};

/** Conversation ids up to this length are remembered with their session id, this many of them (least recent out). */
const MAX_REMEMBERED_ID_LENGTH = 256;
const MAX_REMEMBERED_IDS = 1024;
/**
 * Session ids of recent conversations: every turn of a conversation has the same one, and the SHA-256 with its
 * 64-bit arithmetic was ~1 % of a small request's CPU.
 */
const rememberedSessionIds = new BoundedTextCache<string>(MAX_REMEMBERED_IDS, MAX_REMEMBERED_IDS * MAX_REMEMBERED_ID_LENGTH);

/** `-<decimal>`: the first 63 bits of the SHA-256 of the conversation id. */
export function formatUpstreamSessionId(conversationId: string): string {
  const remembered = rememberedSessionIds.get(conversationId);
  if (remembered !== undefined) return remembered;
  // One-shot `hash` (no Hash object per request); the same digest as createHash('sha256').update(id).digest().
  const digest = hash('sha256', conversationId, 'buffer');
  const sessionId = `-${digest.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn}`;
  if (conversationId.length <= MAX_REMEMBERED_ID_LENGTH) rememberedSessionIds.set(conversationId, sessionId);
  return sessionId;
}
