import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GeminiResponse, GeminiUsageMetadata } from '../../protocols/gemini/gemini-api.js';
import { mergeGeminiChunks } from '../../protocols/gemini/index.js';
import { isImageModel } from '../../protocols/images/index.js';
import { resolveModelRoute } from '../../protocols/model-routing/index.js';
import {
  convertGeminiResponseToOpenAIImages,
  convertOpenAIImageRequestToGemini,
  DEFAULT_IMAGE_MODEL,
  parseOpenAIImageEditForm,
  parseOpenAIImageRequest,
  type ConvertedImageRequest,
  type OpenAIImage,
  type OpenAIImagesResponse,
} from '../../protocols/openai-images/index.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { formatHeaderValue } from '../format-header-value.js';
import { generateClientChunks } from '../generate-client-chunks.js';
import { openAIAdapter } from '../protocol-adapters.js';
import { RequestRecorder } from '../request-recorder.js';
import { sendProtocolError } from '../send-protocol-error.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { toProtocolError } from '../to-protocol-error.js';

/** Finish reasons of an answer the image model withheld for safety; the client gets a 400 as OpenAI gives. */
const REFUSED = new Set(['SAFETY', 'IMAGE_SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_PROHIBITED_CONTENT']);

/**
 * `POST /v1/images/generations` (the OpenAI SDK's `client.images.generate`) and `POST /v1/images/edits`
 * (`client.images.edit`, multipart), served by a Gemini image model from the pool: one upstream `image_gen` request
 * per image (`n` of them at once), answered with `b64_json` (the default) or `data:` URLs for `response_format: "url"`. A client model that is not an image model (`dall-e-3`,
 * `gpt-image-1`) is served by the default image model.
 */
export function registerOpenAIImagesRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  app.post('/v1/images/generations', async (request, reply) => {
    let converted: ConvertedImageRequest;
    try {
      converted = convertOpenAIImageRequestToGemini(parseOpenAIImageRequest(request.body));
    } catch (error) {
      return sendProtocolError(reply, openAIAdapter, toProtocolError(error));
    }
    return serveImageRequest(dependencies, request, reply, converted);
  });

  // `client.images.edit`: the pictures (and an optional mask) travel in a multipart form, the prompt says what to change.
  app.post('/v1/images/edits', async (request, reply) => {
    let converted: ConvertedImageRequest;
    try {
      const edit = await parseOpenAIImageEditForm(await readMultipartForm(request));
      converted = convertOpenAIImageRequestToGemini(edit.body, edit);
    } catch (error) {
      return sendProtocolError(reply, openAIAdapter, toProtocolError(error));
    }
    return serveImageRequest(dependencies, request, reply, converted);
  });
}

/** The multipart body (kept as bytes by the server's parser) read with the Web platform's FormData parser. */
async function readMultipartForm(request: FastifyRequest): Promise<FormData> {
  const contentType = request.headers['content-type'] ?? '';
  if (!Buffer.isBuffer(request.body) || !/^multipart\/form-data/i.test(contentType)) {
    throw new GatewayError('INVALID_REQUEST', 'Send image edits as multipart/form-data with the image file(s) and a prompt');
  }
  try {
    return await new Request('http://agt.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(request.body) }).formData();
  } catch (error) {
    throw new GatewayError('INVALID_REQUEST', `The multipart body does not parse: ${(error as Error).message}`);
  }
}

async function serveImageRequest(
  dependencies: ServerDependencies,
  request: FastifyRequest,
  reply: FastifyReply,
  converted: ConvertedImageRequest,
): Promise<FastifyReply> {
  const settings = dependencies.settings.current;
  // An image-family name (or one the custom mapping sends to an image model) is served as such; any other name
  // (`dall-e-3`, `gpt-image-1`) gets the default image model. The account picked decides the upstream id.
  const route = resolveModelRoute(converted.model, settings.customMapping);
  const imageModel = route.family === 'gemini-image' || isImageModel(route.target) ? converted.model : DEFAULT_IMAGE_MODEL;
  const recorder = new RequestRecorder(dependencies, request, 'openai', request.rawBodyForLog ?? null);
  recorder.model = converted.model;

  const abort = new AbortController();
  let clientLeft = false;
  reply.raw.on('close', () => {
    if (reply.raw.writableFinished) return;
    clientLeft = true;
    abort.abort(new Error('client disconnected'));
  });
  const deadline = setTimeout(
    () => abort.abort(new DOMException('The request took longer than the configured request timeout', 'TimeoutError')),
    settings.requestTimeoutSeconds * 1000,
  );
  deadline.unref();

  const generateOne = async (): Promise<{ images: OpenAIImage[]; usage?: GeminiUsageMetadata; email: string; model: string }> => {
    const result = await generateClientChunks(dependencies, {
      model: imageModel,
      clientModel: imageModel,
      request: converted.request,
      signal: abort.signal,
    });
    const chunks: GeminiResponse[] = [];
    for await (const chunk of result.chunks) chunks.push(chunk);
    const merged = mergeGeminiChunks(chunks);
    const images = convertGeminiResponseToOpenAIImages(merged, converted.responseFormat);
    if (images.length === 0) {
      const finishReason = merged.candidates?.[0]?.finishReason ?? 'none';
      if (REFUSED.has(finishReason)) {
        throw new GatewayError('INVALID_REQUEST', `The image model declined to draw this prompt (finish reason ${finishReason})`);
      }
      throw new GatewayError('UPSTREAM_ERROR', `The image model answered without an image (finish reason ${finishReason})`);
    }
    return { images, usage: merged.usageMetadata, email: result.lease.email, model: result.model };
  };

  try {
    const settled = await Promise.allSettled(Array.from({ length: converted.count }, generateOne));
    const done = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    // Like the peers, a partial success answers with the images that were made.
    if (done.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
    const usage = sumUsage(done.map((one) => one.usage));
    recorder.accountEmail = done[0]!.email;
    recorder.mappedModel = done[0]!.model;
    reply.header('x-agt-mapped-model', formatHeaderValue(done[0]!.model));
    recorder.usage = usage;
    const body: OpenAIImagesResponse = { created: Math.floor(Date.now() / 1000), data: done.flatMap((one) => one.images) };
    if (usage !== undefined) {
      const input = usage.promptTokenCount ?? 0;
      const output = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
      body.usage = { input_tokens: input, output_tokens: output, total_tokens: input + output, input_tokens_details: { text_tokens: input, image_tokens: 0 } };
    }
    recorder.appendResponseText(`[${body.data.length} image${body.data.length === 1 ? '' : 's'}]`);
    recorder.finish(200, null);
    return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(body);
  } catch (error) {
    if (clientLeft) {
      recorder.finish(499, 'client disconnected before the response started');
      return reply;
    }
    const protocolError = toProtocolError(error);
    recorder.finish(protocolError.status, protocolError.message);
    return sendProtocolError(reply, openAIAdapter, protocolError);
  } finally {
    clearTimeout(deadline);
  }
}

function sumUsage(usages: Array<GeminiUsageMetadata | undefined>): GeminiUsageMetadata | undefined {
  const present = usages.filter((usage): usage is GeminiUsageMetadata => usage !== undefined);
  if (present.length === 0) return undefined;
  const total: GeminiUsageMetadata = {};
  for (const key of ['promptTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount', 'totalTokenCount'] as const) {
    const values = present.map((usage) => usage[key]).filter((value): value is number => typeof value === 'number');
    if (values.length > 0) total[key] = values.reduce((sum, value) => sum + value, 0);
  }
  return total;
}
