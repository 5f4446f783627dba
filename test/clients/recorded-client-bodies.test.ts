import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertAnthropicRequestToGemini, parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from '../../src/protocols/anthropic/index.js';
import {
  readAnthropicConversationId,
  readGeminiConversationId,
  readOpenAIChatConversationId,
  readResponsesConversationId,
  type ConversationId,
} from '../../src/protocols/conversation-id/index.js';
import { parseGeminiGenerateRequest, prepareGeminiRequest } from '../../src/protocols/gemini/index.js';
import { convertOpenAIResponsesRequestToGemini, parseOpenAIResponsesRequest } from '../../src/protocols/openai-responses/index.js';
import { convertOpenAIRequestToGemini, parseOpenAIChatRequest } from '../../src/protocols/openai/index.js';
import { CLIENT_FIXTURES_DIR } from './support/record-client-fixture.js';

/**
 * The request bodies the real clients sent in the client suite (bench/fixtures/clients/, recorded with
 * AGT_RECORD_FIXTURES=1), through agt's parsers and converters without starting anything: a change that would
 * refuse what Claude Code, Codex, Gemini CLI, OpenCode or Qwen Code really send fails here in milliseconds.
 * Each also names its conversation the way that client does.
 */
interface RecordedRequest {
  client: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const fixtures = readdirSync(CLIENT_FIXTURES_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, request: JSON.parse(readFileSync(join(CLIENT_FIXTURES_DIR, name), 'utf8')) as RecordedRequest }));

/** Parses and converts like the route of `path` does; returns the conversation id the route would read. */
function acceptLikeTheRoute({ path, headers, body }: RecordedRequest): ConversationId | undefined {
  if (path.startsWith('/v1/messages')) {
    const parsed = parseAnthropicMessagesRequest(body);
    const { max_tokens: _maxTokens, ...countBody } = body;
    expect(() => parseAnthropicCountTokensRequest(countBody)).not.toThrow();
    return readAnthropicConversationId(headers, parsed, convertAnthropicRequestToGemini(parsed).request.contents);
  }
  if (path.startsWith('/v1/chat/completions')) {
    const parsed = parseOpenAIChatRequest(body);
    return readOpenAIChatConversationId(headers, parsed, convertOpenAIRequestToGemini(parsed).request.contents);
  }
  if (path.startsWith('/v1/responses')) {
    const parsed = parseOpenAIResponsesRequest(body);
    return readResponsesConversationId(headers, parsed.body, convertOpenAIResponsesRequestToGemini(parsed).request.contents);
  }
  if (path.startsWith('/v1beta/models/')) {
    const request = prepareGeminiRequest(parseGeminiGenerateRequest(body));
    return readGeminiConversationId(headers, request.contents);
  }
  throw new Error(`no route for ${path}`);
}

/** Where each client names its conversation (a hash of the first user text when it names none). */
const CONVERSATION_SOURCES: Array<[RegExp, string]> = [
  [/^claude-code /, 'x-claude-code-session-id'],
  [/^codex /, 'session-id'],
  [/^opencode /, 'x-session-id'],
  [/^gemini-cli /, 'first-user-text'],
  [/^qwen-code /, 'first-user-text'],
];

describe('what the real clients sent, through the parsers and converters', () => {
  it('has recorded bodies to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('$name is accepted and names its conversation', ({ request }) => {
    const conversation = acceptLikeTheRoute(request);
    const expected = CONVERSATION_SOURCES.find(([pattern]) => pattern.test(request.client))?.[1];
    expect(conversation?.source).toBe(expected);
  });
});
