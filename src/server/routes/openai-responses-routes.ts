import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readResponsesConversationId, type ConversationId } from '../../protocols/conversation-id/index.js';
import { formatOpenAIError } from '../../protocols/openai/index.js';
import {
  buildOpenAIResponsesStreamEncoder,
  convertGeminiResponseToOpenAIResponses,
  convertOpenAIResponsesRequestToGemini,
  parseOpenAIResponsesRequest,
  type ConvertedOpenAIResponsesRequest,
  type OpenAIResponsesContext,
} from '../../protocols/openai-responses/index.js';
import type { ProtocolAdapter, ResponseContext } from '../protocol-adapter.js';
import { openAIAdapter } from '../protocol-adapters.js';
import { runGeneration } from '../run-generation.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

const NOT_STORED_MESSAGE =
  'agt does not store responses: each response exists only in the reply that carried it. Send the whole ' +
  'conversation in "input" with every request (store: false), as Codex does by default.';

/**
 * The OpenAI Responses API (Codex CLI, `client.responses.create` / `.stream`): `POST /v1/responses` through the
 * shared generation flow, answered as Response objects or Responses events, errors in OpenAI's shape. agt keeps
 * no responses, so the routes that read stored ones answer 404 saying so.
 */
export function registerOpenAIResponsesRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.post('/v1/responses', async (request, reply) => {
    let converted: ConvertedOpenAIResponsesRequest;
    let conversationId: ConversationId | undefined;
    try {
      const parsed = parseOpenAIResponsesRequest(request.body);
      converted = convertOpenAIResponsesRequestToGemini(parsed, { toolsSource: request.toolsSource });
      conversationId = readResponsesConversationId(request.headers, parsed.body, converted.request.contents);
    } catch (error) {
      return sendProtocolError(reply, openAIAdapter, toProtocolError(error));
    }
    await runGeneration(dependencies, request, reply, {
      adapter: buildOpenAIResponsesAdapter(converted),
      converted,
      conversationId,
      idPrefix: 'resp_',
    });
    return reply;
  });

  const answerNotStored = async (request: FastifyRequest, reply: FastifyReply) => {
    request.agtError = NOT_STORED_MESSAGE;
    return reply
      .code(404)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: { message: NOT_STORED_MESSAGE, type: 'invalid_request_error', param: null, code: 'response_not_found' } });
  };
  app.get('/v1/responses/:id', answerNotStored);
  app.delete('/v1/responses/:id', answerNotStored);
  app.get('/v1/responses/:id/input_items', answerNotStored);
  app.post('/v1/responses/:id/cancel', answerNotStored);
}

/** The Responses protocol for one request: its echoed settings and tool names are part of every answer. */
function buildOpenAIResponsesAdapter(converted: ConvertedOpenAIResponsesRequest): ProtocolAdapter {
  const toResponsesContext = (context: ResponseContext): OpenAIResponsesContext => ({
    id: context.id,
    model: context.model,
    createdAt: context.created,
    echo: converted.echo,
    catalog: converted.catalog,
  });
  return {
    // The request log and metrics count the Responses API as OpenAI traffic.
    protocol: 'openai',
    buildEncoder: (context) => buildOpenAIResponsesStreamEncoder(toResponsesContext(context)),
    convertResponse: (response, context) => convertGeminiResponseToOpenAIResponses(response, toResponsesContext(context)),
    formatError: formatOpenAIError,
  };
}
