import { once } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UpstreamStreamError } from '../dispatch/index.js';
import type { GeminiResponse, GeminiUsageMetadata } from '../protocols/gemini/gemini-api.js';
import { mergeGeminiChunks } from '../protocols/gemini/index.js';
import type { ConversationId } from '../protocols/conversation-id/index.js';
import { describeProtocolErrorForLog } from '../protocols/protocol-error.js';
import type { ConvertedRequest } from '../protocols/stream-encoder.js';
import type { ProtocolAdapter, ResponseContext } from './protocol-adapter.js';
import type { ServerDependencies } from './server-dependencies.js';
import { formatHeaderValue } from './format-header-value.js';
import { generateClientChunks } from './generate-client-chunks.js';
import { sendProtocolError } from './send-protocol-error.js';
import { toProtocolError } from './to-protocol-error.js';
import { RequestRecorder } from './request-recorder.js';
import { generateId } from '../shared/ids.js';

export interface GenerationJob {
  adapter: ProtocolAdapter;
  converted: ConvertedRequest;
  /** The conversation the route read from the client's headers and body (`protocols/conversation-id`). */
  conversationId?: ConversationId;
  includeUsage?: boolean;
  /** Response id prefix: `chatcmpl-`, `msg_`, … */
  idPrefix: string;
  /** Gemini non-SSE streaming (`:streamGenerateContent` without `alt=sse`) answers a JSON array. */
  streamAsJsonArray?: boolean;
}

/** How long a streaming response may stay silent before a keep-alive frame is sent. */
const SSE_KEEPALIVE_MS = 15_000;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * The shared path of every generation route: map the model, dispatch through the pool, then either stream
 * the chunks through the protocol's encoder (with backpressure, and aborting upstream when the client goes
 * away) or merge them into one response. Errors reach the client in its own protocol.
 */
export async function runGeneration(
  dependencies: ServerDependencies,
  request: FastifyRequest,
  reply: FastifyReply,
  job: GenerationJob,
): Promise<void> {
  const settings = dependencies.settings.current;
  const recorder = new RequestRecorder(dependencies, request, job.adapter.protocol, request.rawBodyForLog ?? null);
  recorder.model = job.converted.model;

  // One controller for both ends of the request: the client going away, and the total deadline.
  // (AbortSignal.any / AbortSignal.timeout per request cost measurable CPU on Node 20.)
  const abort = new AbortController();
  let clientLeft = false;
  const deadline = setTimeout(
    () => abort.abort(new DOMException('The request took longer than the configured request timeout', 'TimeoutError')),
    settings.requestTimeoutSeconds * 1000,
  );
  deadline.unref();
  reply.raw.once('close', () => {
    clearTimeout(deadline);
    if (reply.raw.writableFinished) return;
    clientLeft = true;
    abort.abort(new Error('client disconnected'));
  });
  const signal = abort.signal;
  const context: ResponseContext = {
    model: job.converted.model,
    id: `${job.idPrefix}${generateId()}`,
    created: Math.floor(Date.now() / 1000),
    includeUsage: job.includeUsage ?? false,
  };

  let result;
  try {
    // The upstream model is chosen per account inside the dispatcher; the lease says which one answered.
    result = await generateClientChunks(dependencies, {
      model: job.converted.model,
      request: job.converted.request,
      conversationId: job.conversationId?.id,
      signal,
      deadlineMs: Date.now() + settings.requestTimeoutSeconds * 1000,
    }, { nativeGrounding: job.adapter.protocol === 'gemini' });
  } catch (error) {
    if (clientLeft) {
      recorder.finish(499, 'client disconnected before the response started');
      return;
    }
    const protocolError = toProtocolError(error);
    recorder.finish(protocolError.status, describeProtocolErrorForLog(protocolError));
    sendProtocolError(reply, job.adapter, protocolError);
    return;
  }
  recorder.accountEmail = result.lease.email;
  recorder.mappedModel = result.model;
  const mappedModelHeader = formatHeaderValue(result.model);
  reply.header('x-agt-mapped-model', mappedModelHeader);
  // Server tools the backend cannot run were left out of the request (never a 400): the client hears which.
  const droppedTools = job.converted.droppedTools ?? [];
  const droppedHeader = droppedTools.length > 0 ? { 'x-agt-dropped-tools': formatHeaderValue(droppedTools.join(', ')) } : {};
  if (droppedTools.length > 0) {
    reply.header('x-agt-dropped-tools', droppedHeader['x-agt-dropped-tools']);
    dependencies.logger.debug({ requestId: request.id, droppedTools }, 'server tools the backend cannot run were left out of the upstream request');
  }

  if (!job.converted.stream) {
    const chunks: GeminiResponse[] = [];
    try {
      for await (const chunk of result.chunks) chunks.push(chunk);
    } catch (error) {
      const protocolError =
        error instanceof UpstreamStreamError ? { status: 502, kind: 'api_error' as const, message: error.message } : toProtocolError(error);
      recorder.finish(clientLeft ? 499 : protocolError.status, protocolError.message);
      if (!clientLeft) sendProtocolError(reply, job.adapter, protocolError);
      return;
    }
    const merged = mergeGeminiChunks(chunks);
    recorder.usage = merged.usageMetadata;
    const body = recorder.sendableResponse(JSON.stringify(job.adapter.convertResponse(merged, context)));
    recorder.finish(200, null);
    await reply.code(200).header('content-type', 'application/json; charset=utf-8').send(body);
    return;
  }

  // Streaming: from here on the status is 200 and failures become protocol error events.
  reply.hijack();
  const raw = reply.raw;
  const encoder = job.adapter.buildEncoder(context);
  let usage: GeminiUsageMetadata | undefined;
  let failure: string | null = null;
  // Frames produced in one turn of the event loop (often several per upstream read) go out in one syscall.
  let corked = false;
  const uncork = () => {
    corked = false;
    raw.uncork();
  };
  // A promise only when the socket is full (the caller waits for its drain): most frames need none.
  const write = (text: string): Promise<unknown> | undefined => {
    if (text === '' || raw.destroyed) return undefined;
    lastWriteAt = Date.now();
    const chunk = recorder.sendableResponse(text);
    if (!corked) {
      corked = true;
      raw.cork();
      setImmediate(uncork);
    }
    return raw.write(chunk) ? undefined : once(raw, 'drain', { signal });
  };
  // A hijacked reply does not carry the headers set on `reply`: repeat the ones every response has.
  const headers = { 'x-agt-mapped-model': mappedModelHeader, ...droppedHeader, 'x-request-id': request.id, 'request-id': request.id };
  raw.writeHead(200, job.streamAsJsonArray ? { 'content-type': 'application/json; charset=utf-8', ...headers } : { ...SSE_HEADERS, ...headers });
  // Long upstream pauses (a model thinking for a minute) must not look like a dead connection to the client or
  // to proxies in between: a keep-alive frame goes out whenever the stream has been silent for a while.
  let lastWriteAt = Date.now();
  const keepAliveMs = dependencies.sseKeepAliveMs ?? SSE_KEEPALIVE_MS;
  const keepAlive = job.streamAsJsonArray
    ? undefined
    : setInterval(() => {
        if (Date.now() - lastWriteAt < keepAliveMs || raw.destroyed) return;
        lastWriteAt = Date.now();
        raw.write(job.adapter.keepAliveFrame ?? ': ping\n\n');
      }, Math.max(10, Math.floor(keepAliveMs / 2)));
  keepAlive?.unref();
  let index = 0;
  try {
    if (job.streamAsJsonArray) await write('[');
    for await (const chunk of result.chunks) {
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
      const full = write(job.streamAsJsonArray ? `${index === 0 ? '' : ',\n'}${JSON.stringify(chunk)}` : encoder.push(chunk));
      if (full !== undefined) await full;
      index++;
    }
    const full = write(job.streamAsJsonArray ? ']' : encoder.finish());
    if (full !== undefined) await full;
  } catch (error) {
    if (clientLeft) {
      failure = 'client disconnected mid-stream';
    } else {
      const protocolError =
        error instanceof UpstreamStreamError ? { status: 502, kind: 'api_error' as const, message: error.message } : toProtocolError(error);
      failure = protocolError.message;
      // A JSON-array stream that just closed with `]` would look complete; its last element carries the error.
      const closing = job.streamAsJsonArray
        ? `${index === 0 ? '' : ',\n'}${JSON.stringify(job.adapter.formatError(protocolError).body)}]`
        : encoder.fail(protocolError);
      await write(closing)?.catch(() => undefined);
    }
  } finally {
    clearInterval(keepAlive);
    recorder.usage = usage;
    recorder.finish(clientLeft ? 499 : 200, failure);
    if (!raw.destroyed) raw.end();
  }
}
