import type { FastifyInstance } from 'fastify';
import { convertOpenAIRequestToGemini, parseOpenAIChatRequest } from '../../protocols/openai/index.js';
import { readOpenAIChatConversationId, type ConversationId } from '../../protocols/conversation-id/index.js';
import { listServableModels } from '../../protocols/model-routing/index.js';
import { openAIAdapter } from '../protocol-adapters.js';
import { runGeneration } from '../run-generation.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

/** Fixed `created` for the model list, as the original app answers. */
const MODEL_LIST_CREATED = 1706745600;

export function registerOpenAIRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.get('/v1/models', async () => ({
    object: 'list',
    data: listServableModels(dependencies.settings.current.customMapping).map((id) => ({
      id,
      object: 'model',
      created: MODEL_LIST_CREATED,
      owned_by: 'agt',
    })),
  }));

  app.get<{ Params: { model: string } }>('/v1/models/:model', async (request) => ({
    id: request.params.model,
    object: 'model',
    created: MODEL_LIST_CREATED,
    owned_by: 'agt',
  }));

  app.post('/v1/chat/completions', async (request, reply) => {
    let converted;
    let includeUsage = false;
    let conversationId: ConversationId | undefined;
    try {
      const body = parseOpenAIChatRequest(request.body);
      converted = convertOpenAIRequestToGemini(body);
      conversationId = readOpenAIChatConversationId(request.headers, body, converted.request.contents);
      includeUsage = body.stream_options?.include_usage === true;
    } catch (error) {
      return sendProtocolError(reply, openAIAdapter, toProtocolError(error));
    }
    await runGeneration(dependencies, request, reply, { adapter: openAIAdapter, converted, conversationId, includeUsage, idPrefix: 'chatcmpl-' });
    return reply;
  });
}
