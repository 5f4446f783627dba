import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which conversation a request belongs to, read once per request from what the client sent. The pool can bind a
 * conversation to an account with it, and the upstream `request.sessionId` is derived from it so the backend's
 * prompt cache sees one session per conversation.
 */
export interface ConversationId {
  /** The client's own id (header or body field), or `sha256:<hex>` of the conversation's first user text. */
  id: string;
  /** Where `id` came from, for logs and tests: a header name, a body field, or `first-user-text`. */
  source: string;
}

/** Request headers as Node and Fastify give them: lower-case names. */
export type RequestHeaders = IncomingHttpHeaders;
