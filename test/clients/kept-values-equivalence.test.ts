import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertAnthropicRequestToGemini, parseAnthropicMessagesRequest } from '../../src/protocols/anthropic/index.js';
import { parseGeminiGenerateRequest, prepareGeminiRequest } from '../../src/protocols/gemini/index.js';
import { convertOpenAIResponsesRequestToGemini, parseOpenAIResponsesRequest } from '../../src/protocols/openai-responses/index.js';
import { convertOpenAIRequestToGemini, parseOpenAIChatRequest } from '../../src/protocols/openai/index.js';
import { finalizeUpstreamPayload } from '../../src/protocols/upstream-request/index.js';
import type { GeminiRequest } from '../../src/protocols/gemini/index.js';
import { parseJsonBody } from '../../src/server/parse-json-body.js';
import { encodeJsonUtf8 } from '../../src/shared/encode-json-utf8.js';
import { CLIENT_FIXTURES_DIR } from './support/record-client-fixture.js';

/**
 * agt keeps what it parsed of a session's tool list and history (frozen, by their bytes: server/parse-json-body.ts),
 * and what it validated, converted and encoded of them (protocols/kept-values, the Anthropic converter, the signature
 * pass). For every body the real clients sent (bench/fixtures/), the upstream request built from kept values, on
 * the next turns of the session, must be byte for byte the one built from a fresh parse, for each kind of upstream
 * model: nothing kept may change what Google receives, and no step may change a kept value (they are frozen, so
 * one that tried would throw here).
 */
interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
}

const ROOT = join(CLIENT_FIXTURES_DIR, '..');
const fixtures = [
  ...readdirSync(CLIENT_FIXTURES_DIR).map((name) => join(CLIENT_FIXTURES_DIR, name)),
  ...readdirSync(join(ROOT, 'conversations')).map((name) => join(ROOT, 'conversations', name)),
]
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ name: file.slice(ROOT.length + 1), request: JSON.parse(readFileSync(file, 'utf8')) as RecordedRequest }));

const UPSTREAM_MODELS = ['claude-sonnet-4-6', 'gemini-3-pro-high', 'gemini-2.5-flash'];

function upstreamRequests({ path }: RecordedRequest, body: unknown, toolListKey: string | undefined): Buffer[] {
  let request: GeminiRequest;
  let clientModel: string;
  if (path.startsWith('/v1/messages')) {
    const converted = convertAnthropicRequestToGemini(parseAnthropicMessagesRequest(body), { toolListKey });
    [request, clientModel] = [converted.request, converted.model];
  } else if (path.startsWith('/v1/chat/completions')) {
    const converted = convertOpenAIRequestToGemini(parseOpenAIChatRequest(body), { toolListKey });
    [request, clientModel] = [converted.request, converted.model];
  } else if (path.startsWith('/v1/responses')) {
    const converted = convertOpenAIResponsesRequestToGemini(parseOpenAIResponsesRequest(body), { toolListKey });
    [request, clientModel] = [converted.request, converted.model];
  } else {
    [request, clientModel] = [prepareGeminiRequest(parseGeminiGenerateRequest(body)), 'gemini'];
  }
  return UPSTREAM_MODELS.flatMap((model) =>
    [false, true].map((degradeThinking) =>
      encodeJsonUtf8(finalizeUpstreamPayload({ model, requestType: 'agent', request }, { clientModel, conversationId: 'c', degradeThinking }).request),
    ),
  );
}

describe('kept tool lists and history give the same upstream requests as a fresh parse', () => {
  it.each(fixtures)('$name', ({ request }) => {
    const bytes = Buffer.from(JSON.stringify(request.body));
    const fresh = upstreamRequests(request, JSON.parse(bytes.toString('utf8')), undefined);
    for (let turn = 0; turn < 3; turn++) {
      const parsed = parseJsonBody(Buffer.from(bytes));
      const kept = upstreamRequests(request, parsed.value, parsed.toolListKey);
      kept.forEach((json, index) => expect(json.toString('utf8')).toBe(fresh[index].toString('utf8')));
    }
  });
});
