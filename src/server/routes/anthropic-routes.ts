import type { FastifyInstance } from 'fastify';
import { dispatchCountTokens } from '../../dispatch/index.js';
import {
  convertAnthropicRequestToGemini,
  estimateAnthropicInputTokens,
  parseAnthropicCountTokensRequest,
  parseAnthropicMessagesRequest,
} from '../../protocols/anthropic/index.js';
import { readAnthropicConversationId, type ConversationId } from '../../protocols/conversation-id/index.js';
import { anthropicAdapter } from '../protocol-adapters.js';
import { runGeneration } from '../run-generation.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

export function registerAnthropicRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.post('/v1/messages', async (request, reply) => {
    let converted;
    let conversationId: ConversationId | undefined;
    try {
      const body = parseAnthropicMessagesRequest(request.body);
      converted = convertAnthropicRequestToGemini(body, { toolsSource: request.toolsSource });
      conversationId = readAnthropicConversationId(request.headers, body, converted.request.contents);
    } catch (error) {
      return sendProtocolError(reply, anthropicAdapter, toProtocolError(error));
    }
    await runGeneration(dependencies, request, reply, { adapter: anthropicAdapter, converted, conversationId, idPrefix: 'msg_' });
    return reply;
  });

  app.post('/v1/messages/count_tokens', async (request, reply) => {
    try {
      const converted = convertAnthropicRequestToGemini(parseAnthropicCountTokensRequest(request.body));
      const system = converted.request.systemInstruction;
      const contents = system ? [{ role: 'user', parts: system.parts }, ...converted.request.contents] : converted.request.contents;
      const counted = await dispatchCountTokens(dependencies, { model: converted.model, contents, signal: AbortSignal.timeout(30_000) });
      if (counted === null) return { input_tokens: estimateAnthropicInputTokens(converted.request) };
      // countTokens upstream takes no tool declarations; they still cost prompt tokens, so estimate them.
      const tools = converted.request.tools;
      return { input_tokens: counted + (tools && tools.length > 0 ? Math.ceil(JSON.stringify(tools).length / 4) : 0) };
    } catch (error) {
      return sendProtocolError(reply, anthropicAdapter, toProtocolError(error));
    }
  });
}
