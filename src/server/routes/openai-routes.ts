import type { FastifyInstance } from 'fastify';
import { convertOpenAIRequestToGemini, parseOpenAIChatRequest } from '../../protocols/openai/index.js';
import { readOpenAIChatConversationId, type ConversationId } from '../../protocols/conversation-id/index.js';
import { findServedModel, listServedModels, type ServedModel } from '../describe-served-models.js';
import { anthropicAdapter, buildOpenAIChatAdapter, openAIAdapter } from '../protocol-adapters.js';
import { runGeneration } from '../run-generation.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

/** Fixed `created` for the model list, as the original app answers. */
const MODEL_LIST_CREATED = 1706745600;
const MODEL_LIST_CREATED_AT = new Date(MODEL_LIST_CREATED * 1000).toISOString().replace('.000Z', 'Z');

/** Anthropic clients (the SDK's `models.list()`, Claude Code) send `anthropic-version`; they get Anthropic's shapes. */
function isAnthropicClient(headers: Record<string, unknown>): boolean {
  return typeof headers['anthropic-version'] === 'string';
}

const formatOpenAIModel = (model: ServedModel) => ({ id: model.id, object: 'model', created: MODEL_LIST_CREATED, owned_by: 'agt' });
const formatAnthropicModel = (model: ServedModel) => ({
  type: 'model',
  id: model.id,
  display_name: model.displayName ?? model.id,
  created_at: MODEL_LIST_CREATED_AT,
});

export function registerOpenAIRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  // What is really served (see describe-served-models.ts), in the OpenAI list shape or Anthropic's paged one.
  app.get('/v1/models', async (request) => {
    const models = listServedModels(dependencies);
    if (!isAnthropicClient(request.headers)) return { object: 'list', data: models.map(formatOpenAIModel) };
    return {
      data: models.map(formatAnthropicModel),
      has_more: false,
      first_id: models[0]?.id ?? null,
      last_id: models.at(-1)?.id ?? null,
    };
  });

  app.get<{ Params: { model: string } }>('/v1/models/:model', async (request, reply) => {
    const anthropic = isAnthropicClient(request.headers);
    const model = findServedModel(dependencies, request.params.model);
    if (model === undefined) {
      return sendProtocolError(reply, anthropic ? anthropicAdapter : openAIAdapter, {
        status: 404,
        kind: 'not_found',
        message: `The model "${request.params.model}" is not served by any account. GET /v1/models lists the models available.`,
      });
    }
    return anthropic ? formatAnthropicModel(model) : formatOpenAIModel(model);
  });

  app.post('/v1/chat/completions', async (request, reply) => {
    let converted;
    let includeUsage = false;
    let conversationId: ConversationId | undefined;
    try {
      const body = parseOpenAIChatRequest(request.body);
      converted = convertOpenAIRequestToGemini(body, { toolsSource: request.toolsSource });
      conversationId = readOpenAIChatConversationId(request.headers, body, converted.request.contents);
      includeUsage = body.stream_options?.include_usage === true;
    } catch (error) {
      return sendProtocolError(reply, openAIAdapter, toProtocolError(error));
    }
    // A request with `custom` tools answers their calls as custom tool calls: its adapter knows their names.
    const adapter = converted.customToolNames === undefined ? openAIAdapter : buildOpenAIChatAdapter(converted.customToolNames);
    await runGeneration(dependencies, request, reply, { adapter, converted, conversationId, includeUsage, idPrefix: 'chatcmpl-' });
    return reply;
  });
}
