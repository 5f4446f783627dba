/**
 * @module protocols/conversation-id
 * Which conversation a request belongs to, read once per request by the route from the client's headers and body
 * (one pure function per protocol), handed to the dispatcher for the pool and for the upstream `sessionId`.
 */
export type { ConversationId, RequestHeaders } from './conversation-id.js';
export { hashFirstUserText } from './hash-first-user-text.js';
export { readAnthropicConversationId } from './read-anthropic-conversation-id.js';
export { CONVERSATION_HEADERS, readConversationHeader } from './read-conversation-header.js';
export { readGeminiConversationId } from './read-gemini-conversation-id.js';
export { readOpenAIChatConversationId } from './read-openai-chat-conversation-id.js';
export { readResponsesConversationId } from './read-responses-conversation-id.js';
