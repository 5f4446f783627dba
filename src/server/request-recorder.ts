import type { FastifyRequest } from 'fastify';
import { generateTimeOrderedUuid } from '../shared/ids.js';
import type { GeminiUsageMetadata } from '../protocols/gemini/gemini-api.js';
import type { ClientProtocol } from './protocol-adapter.js';
import { readClientKeyLabel } from './read-client-key-label.js';
import type { ServerDependencies } from './server-dependencies.js';

/** Response bytes kept for the monitor (the log's default cap); the request log redacts and caps them again before writing. */
const MAX_RECORDED_RESPONSE = 64 * 1024;

/**
 * Collects what one protocol request did and, once, hands it to the request log (queued in memory, written
 * in batches off the request path) and the metrics.
 */
export class RequestRecorder {
  model: string | null = null;
  mappedModel: string | null = null;
  accountEmail: string | null = null;
  usage: GeminiUsageMetadata | undefined;
  /** The response as it was sent, in its pieces (joined by the request log's writer, not here). */
  private readonly responseParts: (string | Uint8Array)[] = [];
  /** UTF-16 units of the text pieces plus bytes of the byte pieces: how much is kept. */
  private responseLength = 0;
  private readonly startedAt = Date.now();
  private finished = false;
  /** Read once: with the request log off, no response text is kept and no entry is built. */
  private readonly logging: boolean;

  constructor(
    private readonly dependencies: ServerDependencies,
    private readonly request: FastifyRequest,
    private readonly protocol: ClientProtocol,
    private readonly rawBody: Uint8Array | null,
  ) {
    this.logging = dependencies.settings.current.enableLogging;
  }

  appendResponseText(text: string): void {
    if (!this.logging || this.responseLength >= MAX_RECORDED_RESPONSE || text === '') return;
    const part = text.length > MAX_RECORDED_RESPONSE - this.responseLength ? text.slice(0, MAX_RECORDED_RESPONSE - this.responseLength) : text;
    this.responseParts.push(part);
    this.responseLength += part.length;
  }

  /**
   * What to send for `text`, kept for the log too. With the log on, its UTF-8 bytes: encoded once here, the socket
   * and the log's entry ring take the same bytes (a JSON text with one character outside Latin-1 is a two-byte
   * string, whose encoding costs ~3 ns a character on this VM: the Responses stream's 20 KB events with the tools
   * in them); with the log off, the text itself.
   */
  sendableResponse(text: string): string | Buffer {
    if (!this.logging) return text;
    const bytes = Buffer.from(text, 'utf8');
    const room = MAX_RECORDED_RESPONSE - this.responseLength;
    if (room > 0 && bytes.length > 0) {
      const part = bytes.length > room ? bytes.subarray(0, stepBackToCharacterStart(bytes, room)) : bytes;
      this.responseParts.push(part);
      this.responseLength += part.length;
    }
    return bytes;
  }

  finish(status: number, error: string | null): void {
    if (this.finished) return;
    this.finished = true;
    this.request.agtRecorded = true;
    const duration = Date.now() - this.startedAt;
    this.dependencies.metrics.requestFinished(
      { protocol: this.protocol, model: this.mappedModel ?? this.model ?? 'unknown', status },
      status === 200 ? duration / 1000 : undefined,
    );
    if (!this.logging) return;
    const usage = this.usage;
    this.dependencies.requestLog.record({
      id: generateTimeOrderedUuid(),
      timestamp: this.startedAt,
      method: this.request.method,
      url: this.request.url,
      status,
      duration,
      model: this.model,
      mapped_model: this.mappedModel,
      account_email: this.accountEmail,
      protocol: this.protocol,
      input_tokens: usage?.promptTokenCount ?? null,
      output_tokens: usage ? (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) : null,
      cached_tokens: usage?.cachedContentTokenCount ?? null,
      error,
      request_body: this.rawBody,
      request_body_bytes: this.request.rawBodyBytes,
      response_body: this.responseParts.length === 0 ? null : this.responseParts.length === 1 ? this.responseParts[0] : this.responseParts,
      client_ip: this.request.ip,
      username: readClientKeyLabel(this.request),
    });
  }
}

/** `end`, moved back over UTF-8 continuation bytes (10xxxxxx) to the start of the character it would split. */
function stepBackToCharacterStart(bytes: Uint8Array, end: number): number {
  let cut = end;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut -= 1;
  return cut;
}

/**
 * Records a protocol request that never reached the generation flow (bad body, 401, 404, count_tokens):
 * called from the app's onResponse hook so the monitor shows every failed call too.
 */
export function recordFinishedRequest(dependencies: ServerDependencies, request: FastifyRequest, status: number, durationMs: number, protocol: ClientProtocol): void {
  if (request.agtRecorded) return;
  request.agtRecorded = true;
  const body = request.body as { model?: unknown } | undefined;
  const model = typeof body === 'object' && body !== null && typeof body.model === 'string' ? body.model.slice(0, 200) : null;
  dependencies.metrics.requestFinished({ protocol, model: model ?? 'unknown', status });
  if (!dependencies.settings.current.enableLogging) return;
  dependencies.requestLog.record({
    id: generateTimeOrderedUuid(),
    timestamp: Date.now() - Math.round(durationMs),
    method: request.method,
    url: request.url,
    status,
    duration: Math.round(durationMs),
    model,
    mapped_model: null,
    account_email: null,
    protocol,
    input_tokens: null,
    output_tokens: null,
    cached_tokens: null,
    error: request.agtError ?? null,
    request_body: request.rawBodyForLog ?? null,
    request_body_bytes: request.rawBodyBytes,
    response_body: null,
    client_ip: request.ip,
    username: readClientKeyLabel(request),
  });
}
