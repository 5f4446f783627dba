import type { FastifyInstance } from 'fastify';
import { dispatchCountTokens } from '../../dispatch/index.js';
import {
  formatGeminiModel,
  formatGeminiModelList,
  parseGeminiGenerateRequest,
  prepareGeminiRequest,
  splitGeminiModelAction,
} from '../../protocols/gemini/index.js';
import { readGeminiConversationId } from '../../protocols/conversation-id/index.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { findServedModel, listServedModels } from '../describe-served-models.js';
import { geminiAdapter } from '../protocol-adapters.js';
import { runGeneration } from '../run-generation.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

export function registerGeminiRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.get('/v1beta/models', async () => formatGeminiModelList(listServedModels(dependencies)));
  app.get<{ Params: { model: string } }>('/v1beta/models/:model', async (request, reply) => {
    const name = request.params.model.replace(/^models\//, '');
    const model = findServedModel(dependencies, name);
    if (model === undefined) {
      return sendProtocolError(reply, geminiAdapter, {
        status: 404,
        kind: 'not_found',
        message: `models/${name} is not found: no account serves it. GET /v1beta/models lists the models available.`,
      });
    }
    return formatGeminiModel(model.id, model);
  });
  // `/v1/models/<model>:generateContent` too, for Gemini clients configured with API version v1.
  for (const prefix of ['/v1beta', '/v1']) {

    app.post<{ Params: { modelAction: string }; Querystring: { alt?: string } }>(`${prefix}/models/:modelAction`, async (request, reply) => {
      try {
        const target = splitGeminiModelAction(request.params.modelAction);
        if (!target) {
          throw new GatewayError('NOT_FOUND', `Unsupported method in "${request.params.modelAction}"; use :generateContent, :streamGenerateContent or :countTokens`);
        }
        const geminiRequest = prepareGeminiRequest(parseGeminiGenerateRequest(request.body));
        if (target.action === 'countTokens') {
          const counted = await dispatchCountTokens(dependencies, { model: target.model, contents: geminiRequest.contents, signal: AbortSignal.timeout(30_000) });
          const estimate = Math.ceil(JSON.stringify(geminiRequest.contents).length / 4);
          return { totalTokens: counted ?? estimate };
        }
        const stream = target.action === 'streamGenerateContent';
        await runGeneration(dependencies, request, reply, {
          adapter: geminiAdapter,
          converted: { model: target.model, request: geminiRequest, stream },
          conversationId: readGeminiConversationId(request.headers, geminiRequest.contents),
          idPrefix: 'resp_',
          streamAsJsonArray: stream && request.query.alt !== 'sse',
        });
        return reply;
      } catch (error) {
        return sendProtocolError(reply, geminiAdapter, toProtocolError(error));
      }
    });
  }
}
