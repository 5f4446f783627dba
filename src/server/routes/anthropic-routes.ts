import type { FastifyInstance } from 'fastify';
import { dispatchCountTokens } from '../../dispatch/index.js';
import {
  convertAnthropicRequestToGemini,
  estimateAnthropicInputTokens,
  parseAnthropicCountTokensRequest,
  parseAnthropicMessagesRequest,
} from '../../protocols/anthropic/index.js';
import { resolveModelRoute } from '../../protocols/model-routing/index.js';
import { anthropicAdapter } from '../protocol-adapters.js';
import { runGeneration } from '../run-generation.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

export function registerAnthropicRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.post('/v1/messages', async (request, reply) => {
    let converted;
    try {
      converted = convertAnthropicRequestToGemini(parseAnthropicMessagesRequest(request.body));
    } catch (error) {
      return sendProtocolError(reply, anthropicAdapter, toProtocolError(error));
    }
    await runGeneration(dependencies, request, reply, { adapter: anthropicAdapter, converted, idPrefix: 'msg_' });
    return reply;
  });

  app.post('/v1/messages/count_tokens', async (request, reply) => {
    try {
      const converted = convertAnthropicRequestToGemini(parseAnthropicCountTokensRequest(request.body));
      const route = resolveModelRoute(converted.model, dependencies.settings.current.customMapping);
      const system = converted.request.systemInstruction;
      const contents = system ? [{ role: 'user', parts: system.parts }, ...converted.request.contents] : converted.request.contents;
      const counted = await dispatchCountTokens(dependencies, { model: route.upstream, contents, signal: AbortSignal.timeout(30_000) });
      return { input_tokens: counted ?? estimateAnthropicInputTokens(converted.request) };
    } catch (error) {
      return sendProtocolError(reply, anthropicAdapter, toProtocolError(error));
    }
  });
}
