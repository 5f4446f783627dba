import { setTimeout as sleep } from 'node:timers/promises';
import { classifyUpstreamFailure, UpstreamNetworkError, type CodeAssistClient, type UpstreamFailure, type UpstreamResponse } from '../google/index.js';
import { buildModelNotServedError, createAcquireContext, waitUnlessAborted, type AccountPool, type ModelCatalogueStore, type ModelLease } from '../pool/index.js';
import type { GeminiRequest, GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { resolveModelRoute, type CatalogueModel } from '../protocols/model-routing/index.js';
import { isThoughtSignatureRefusal } from '../protocols/thought-signatures/index.js';
import { finalizeUpstreamPayload, type UpstreamPayload, type UpstreamRequestType } from '../protocols/upstream-request/index.js';
import { GatewayError, isGatewayError } from '../shared/gateway-error.js';
import { encodeJsonUtf8 } from '../shared/encode-json-utf8.js';
import { generateId } from '../shared/ids.js';
import { settleWithin } from '../shared/settle-within.js';
import { redactSecrets } from '../shared/redact.js';
import { SseEventReader } from '../shared/sse.js';
import { isSizeRefusal } from './is-size-refusal.js';
import { computeFailureAction, ROTATION_DEFAULTS } from './compute-failure-action.js';
import { createModelChooser } from './create-model-chooser.js';
import { peekVersionRefusal } from './peek-version-refusal.js';

/**
 * Where a refused client version goes: logged once and shown on the dashboard (app.ts wires a ConfigFaultBoard),
 * and the text the client gets back, naming the setting.
 */
export interface ClientVersionFaultSink {
  /** Records one refusal; returns the message for the client. */
  clientVersionRefused(upstreamMessage: string): string;
  /** An upstream call succeeded: a recorded refusal is over. */
  upstreamSucceeded(): void;
}

export interface DispatcherOptions {
  pool: AccountPool;
  codeAssist: Pick<CodeAssistClient, 'call'>;
  maxAttempts?: number;
  firstChunkTimeoutMs?: number;
  /** Counts each failed upstream attempt by class (`agt_upstream_failures_total`). */
  metrics?: { upstreamFailure(failureClass: string): void };
  configFaults?: ClientVersionFaultSink;
  /** Every account's model catalogue; without it the built-in model families decide. */
  catalogues?: ModelCatalogueStore;
  /** The user's `custom_mapping`, read per request (it hot-reloads). */
  customMapping?: () => Record<string, string>;
  /** Called when the backend answers 404 for a model the account was thought to serve (refresh its catalogue). */
  onModelNotFound?: (accountId: string) => void;
}

export interface GenerateInput {
  /**
   * The model name to serve, as the client sent it: `custom_mapping`, the built-in families and, per attempt, the
   * chosen account's catalogue decide the upstream model (the lease's `model`).
   */
  model: string;
  /** The model name the client asked for, when it differs from `model` (logs and upstream passes). */
  clientModel?: string;
  request: GeminiRequest;
  /** `web_search` for a Google Search request (see `generate-with-web-search.ts`); `agent` otherwise. */
  requestType?: UpstreamRequestType;
  /**
   * The conversation this request belongs to, as the client named it (session header, `metadata.user_id`,
   * `prompt_cache_key`, ...) or a hash of its first user text; see `protocols/conversation-id`. Upstream it becomes
   * the stable `request.sessionId`; the pool can bind conversations to accounts with it.
   */
  conversationId?: string;
  /** Aborted when the client goes away or the request deadline passes. */
  signal: AbortSignal;
  /** When the request's deadline passes (ms since the epoch), if known: the pool never waits for an account beyond it. */
  deadlineMs?: number;
  /**
   * What to do to every chunk of the answer, given the upstream model that answers (known once an attempt succeeds):
   * applied as the chunks are read, without one more generator around the stream.
   */
  mapChunksFor?: (model: string) => (chunk: GeminiResponse) => GeminiResponse;
}

export interface GenerateResult {
  /** The account that answers, and in `model` the upstream model it serves the request with. */
  lease: ModelLease;
  attempts: number;
  /** The upstream model that answered (the payload's model after the passes). */
  model: string;
  /** Upstream chunks, the first one already received. Throws UpstreamStreamError if the stream breaks. */
  chunks: AsyncGenerator<GeminiResponse, void, undefined>;
}

/** A stream that broke after its first chunk reached the client. */
export class UpstreamStreamError extends Error {
  override name = 'UpstreamStreamError';
}

/** The payload of one attempt: the converted request finalized for the account's upstream model (see `upstream-request/`). */
function buildPayload(input: GenerateInput, lease: ModelLease, catalogues: ModelCatalogueStore | undefined, degradeThinking: boolean): UpstreamPayload {
  return finalizeUpstreamPayload(
    { model: lease.model, requestType: input.requestType ?? 'agent', request: input.request },
    {
      clientModel: input.clientModel ?? input.model,
      conversationId: input.conversationId,
      degradeThinking,
      modelInfo: catalogues?.get(lease.accountId)?.models.get(lease.model),
    },
  );
}

/**
 * The v1internal envelope of one attempt, in the account's project, as the JSON bytes sent upstream. The request
 * inside is serialized once per payload (`requestJson`) and spliced in, so a large body is not serialized again
 * for every attempt; the key order is the one JSON.stringify of the envelope object would give.
 */
function buildEnvelope(lease: ModelLease, payload: UpstreamPayload, requestJson: Buffer): Buffer {
  const requestId = JSON.stringify(`agent/${Date.now()}/${generateId()}`);
  const head = `{"project":${JSON.stringify(lease.projectId)},"requestId":${requestId},"request":`;
  const tail = `,"model":${JSON.stringify(payload.model)},"userAgent":"antigravity","requestType":${JSON.stringify(payload.requestType)}}`;
  return Buffer.concat([Buffer.from(head), requestJson, Buffer.from(tail)]);
}

/** Reads the next upstream chunk, unwrapping the `{response: …}` envelope; an `{error}` payload throws. */
async function readChunk(events: SseEventReader): Promise<GeminiResponse | undefined> {
  for (;;) {
    const next = await events.next();
    if (next === undefined) return undefined;
    const data = next.data.trim();
    if (data === '' || data === '[DONE]') continue;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      throw new UpstreamStreamError('upstream sent a malformed stream chunk');
    }
    if (typeof payload !== 'object' || payload === null) continue;
    const record = payload as { response?: GeminiResponse; error?: { message?: string } };
    if (record.error) throw new UpstreamStreamError(`upstream stream error: ${redactSecrets(String(record.error.message ?? 'unknown'))}`);
    return record.response ?? (payload as GeminiResponse);
  }
}

function headerRecord(response: UpstreamResponse): Record<string, string | string[] | undefined> {
  return response.headers;
}

/**
 * One request through the pool: lease an account, call `streamGenerateContent` (always streamed upstream,
 * even for non-streaming clients), and on failure classify, cool or refresh the account and rotate — but
 * only before the first chunk has been received. An empty or broken stream before its first chunk is
 * retried on another account. Attempts are bounded and the caller's signal carries the total deadline.
 */
export function createGenerateDispatcher(options: DispatcherOptions) {
  const maxAttempts = options.maxAttempts ?? ROTATION_DEFAULTS.maxAttempts;
  const firstChunkTimeoutMs = options.firstChunkTimeoutMs ?? ROTATION_DEFAULTS.firstChunkTimeoutMs;
  const { pool, codeAssist, catalogues, metrics, configFaults } = options;

  /** A refused client version: nothing is cooled; the client is told which setting to change, and not to retry. */
  function clientOutdatedError(upstreamMessage: string): GatewayError {
    const message =
      configFaults?.clientVersionRefused(upstreamMessage) ??
      `Google refused agt's Antigravity client version: "${upstreamMessage}". Set AGT_ANTIGRAVITY_VERSION to a current version.`;
    return new GatewayError('UPSTREAM_ERROR', message, { errorClass: 'client_outdated', noRetry: true });
  }

  async function generate(input: GenerateInput): Promise<GenerateResult> {
    const route = resolveModelRoute(input.model, options.customMapping?.() ?? {});
    const context = createAcquireContext(route.requested, input.signal, createModelChooser(route, catalogues), {
      conversationId: input.conversationId,
      deadlineMs: input.deadlineMs,
    });
    // The lease is held while the answer streams (requests in flight per account, the half-open trial) and released
    // when the stream ends; a request that fails before that releases it here.
    try {
      const { held, events, ...result } = await attemptAll(input, route, context);
      const map = input.mapChunksFor?.(result.model);
      return { ...result, chunks: streamRest(held, events, input.signal, () => pool.release(context), map) };
    } catch (error) {
      pool.release(context);
      throw error;
    }
  }

  async function attemptAll(
    input: GenerateInput,
    route: ReturnType<typeof resolveModelRoute>,
    context: ReturnType<typeof createAcquireContext>,
  ): Promise<Omit<GenerateResult, 'chunks'> & { held: readonly GeminiResponse[]; events: SseEventReader }> {
    let lastFailure: UpstreamFailure | undefined;
    let graceUsed = false;
    let bareRateLimits = 0;
    const refreshed = new Set<string>();
    let lease: ModelLease | undefined;
    let degradeThinking = false;
    /** The payload and its JSON, built once and reused by every attempt (again only if thinking is degraded). */
    let prepared: { degradeThinking: boolean; model: string; modelInfo: CatalogueModel | undefined; payload: UpstreamPayload; requestJson: Buffer } | undefined;

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      input.signal.throwIfAborted();
      if (!lease) {
        try {
          lease = await pool.acquire(context);
        } catch (error) {
          // The deadline or the client's departure, not a pool verdict: the caller maps the reason (504 / 499).
          input.signal.throwIfAborted();
          throw finalError(error, lastFailure, route.requested, bareRateLimits);
        }
      }
      const current = lease;
      // The payload depends on the account's model (and what its catalogue says about it): rebuilt only when those
      // or the thinking fallback change, so a large body is serialized once per distinct attempt shape.
      const modelInfo = catalogues?.get(current.accountId)?.models.get(current.model);
      if (prepared?.degradeThinking !== degradeThinking || prepared.model !== current.model || prepared.modelInfo !== modelInfo) {
        const built = buildPayload(input, current, catalogues, degradeThinking);
        prepared = { degradeThinking, model: current.model, modelInfo, payload: built, requestJson: encodeJsonUtf8(built.request) };
      }
      const payload = prepared.payload;
      let response: UpstreamResponse;
      try {
        response = await codeAssist.call('streamGenerateContent', {
          accessToken: current.accessToken,
          body: buildEnvelope(current, payload, prepared.requestJson),
          signal: input.signal,
        });
      } catch (error) {
        input.signal.throwIfAborted();
        if (!(error instanceof UpstreamNetworkError)) throw error;
        lastFailure = { class: 'server', status: 502, message: `network error: ${error.message}` };
        metrics?.upstreamFailure('network');
        pool.reportFailure(current.accountId, { class: 'network', message: lastFailure.message, cooldownMs: ROTATION_DEFAULTS.networkCooldownMs });
        lease = undefined;
        continue;
      }

      if (response.status !== 200) {
        const text = await response.body.text().catch(() => '');
        const failure = classifyUpstreamFailure(response.status, headerRecord(response), text);
        lastFailure = failure;
        metrics?.upstreamFailure(failure.class);
        if (isSizeRefusal(response.status, failure.message)) {
          throw new GatewayError('PAYLOAD_TOO_LARGE', `The upstream refused the request for its size: ${failure.message}`);
        }
        const action = computeFailureAction(failure, { graceUsed, refreshedAccount: refreshed.has(current.accountId), bareRateLimits });
        if (failure.class === 'bare_rate_limit') bareRateLimits += 1;
        // A refused thought signature is the request's fault, not the account's: the same account tries once
        // more with the thinking of the history as plain text (the refusal does not count as an attempt).
        if (action.type === 'fail' && failure.status === 400 && !degradeThinking && isThoughtSignatureRefusal(failure.message)) {
          degradeThinking = true;
          attempt -= 1;
          continue;
        }
        switch (action.type) {
          case 'client-outdated':
            throw clientOutdatedError(failure.message);
          case 'bare-rate-limit':
            throw bareRateLimitError(failure, bareRateLimits);
          case 'fail':
            throw new GatewayError(action.status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST', `Upstream rejected the request: ${failure.message}`);
          case 'grace-retry':
            graceUsed = true;
            pool.reportFailure(current.accountId, { class: failure.class, message: failure.message });
            // An abort during the wait surfaces as the signal's own reason (TimeoutError → 504), not an AbortError.
            await sleep(action.delayMs, undefined, { signal: input.signal }).catch((error: unknown) => {
              input.signal.throwIfAborted();
              throw error;
            });
            continue;
          case 'refresh-and-retry': {
            refreshed.add(current.accountId);
            pool.reportFailure(current.accountId, { class: 'unauthorized', message: failure.message });
            const renewed = await waitUnlessAborted(pool.forceRefresh(current.accountId, current.accessToken), input.signal);
            lease = renewed === null ? undefined : { ...renewed, model: current.model };
            continue;
          }
          case 'reset-project':
            pool.invalidateProject(current.accountId);
            pool.reportFailure(current.accountId, { class: failure.class, message: failure.message, cooldownMs: action.cooldownMs });
            lease = undefined;
            continue;
          case 'rotate':
            // A 404 for a model the account was thought to serve: its catalogue is stale; fetch it again.
            if (failure.class === 'not_found') options.onModelNotFound?.(current.accountId);
            pool.reportFailure(current.accountId, {
              class: failure.class,
              message: failure.validationUrl ? `${failure.message} (verify at ${failure.validationUrl})` : failure.message,
              cooldownMs: action.cooldownMs,
              model: action.modelScoped ? current.model : undefined,
            });
            lease = undefined;
            continue;
        }
      }

      // Peek before commit: nothing has been sent to the client yet, so an empty or failed start rotates.
      const events = new SseEventReader(response.body);
      let first: GeminiResponse | undefined;
      try {
        first = await settleWithin(readChunk(events), firstChunkTimeoutMs, () => new UpstreamStreamError('upstream sent no data before the first-chunk timeout'));
      } catch (error) {
        await events.close().catch(() => undefined);
        input.signal.throwIfAborted();
        lastFailure = { class: 'server', status: 502, message: (error as Error).message };
        metrics?.upstreamFailure('network');
        pool.reportFailure(current.accountId, { class: 'network', message: lastFailure.message, cooldownMs: ROTATION_DEFAULTS.networkCooldownMs });
        lease = undefined;
        continue;
      }
      if (first === undefined) {
        lastFailure = { class: 'server', status: 502, message: 'upstream returned an empty stream' };
        metrics?.upstreamFailure('empty_stream');
        pool.reportFailure(current.accountId, { class: 'empty_stream', message: lastFailure.message, cooldownMs: ROTATION_DEFAULTS.emptyStreamCooldownMs });
        lease = undefined;
        continue;
      }
      // A 200 whose whole completion is the client-version refusal is the same configuration fault as the error.
      let peek;
      try {
        peek = await settleWithin(peekVersionRefusal(first, () => readChunk(events)), firstChunkTimeoutMs, () => new UpstreamStreamError('upstream stalled before its first text'));
      } catch (error) {
        await events.close().catch(() => undefined);
        input.signal.throwIfAborted();
        lastFailure = { class: 'server', status: 502, message: (error as Error).message };
        metrics?.upstreamFailure('network');
        pool.reportFailure(current.accountId, { class: 'network', message: lastFailure.message, cooldownMs: ROTATION_DEFAULTS.networkCooldownMs });
        lease = undefined;
        continue;
      }
      if (peek.refusal !== undefined) {
        await events.close().catch(() => undefined);
        metrics?.upstreamFailure('client_outdated');
        throw clientOutdatedError(peek.refusal);
      }
      configFaults?.upstreamSucceeded();
      pool.reportSuccess(current.accountId, current.model);
      return { lease: current, attempts: attempt, model: payload.model, held: peek.held, events };
    }
    throw finalError(undefined, lastFailure, route.requested, bareRateLimits);
  }

  return { generate };
}

async function* streamRest(
  held: readonly GeminiResponse[],
  events: SseEventReader,
  signal: AbortSignal,
  release: () => void,
  map?: (chunk: GeminiResponse) => GeminiResponse,
): AsyncGenerator<GeminiResponse, void, undefined> {
  try {
    for (const chunk of held) yield map === undefined ? chunk : map(chunk);
    for (;;) {
      let chunk: GeminiResponse | undefined;
      try {
        chunk = await readChunk(events);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof UpstreamStreamError) throw error;
        throw new UpstreamStreamError(`upstream stream broke: ${redactSecrets((error as Error).message)}`);
      }
      if (chunk === undefined) return;
      yield map === undefined ? chunk : map(chunk);
    }
  } finally {
    release();
    // Stops reading and closes the upstream socket when the client went away early.
    await events.close().catch(() => undefined);
  }
}

/**
 * Bare 429s (no quota details) on every account tried: most likely the request itself — Cloud Code answers flagged
 * prompts this way with quota left (classify-upstream-failure.ts) — so the client hears that, and no account is
 * cooled. Clients are asked not to retry it automatically: the same prompt gets the same answer.
 */
function bareRateLimitError(failure: UpstreamFailure, accounts: number): GatewayError {
  const tried = accounts === 1 ? 'the only account available' : `${accounts} accounts`;
  return new GatewayError(
    'RATE_LIMITED',
    `Google answered 429 RESOURCE_EXHAUSTED with no quota details ("${failure.message}") on ${tried}. This is often ` +
      "caused by the request's content (for example a phrase in the system prompt), not by quota: change the prompt " +
      'rather than retrying. No account was cooled down.',
    { errorClass: 'bare_rate_limit', noRetry: true },
  );
}

/** What the client sees once attempts are exhausted: the pool's own error, or the last upstream failure. */
function finalError(error: unknown, lastFailure: UpstreamFailure | undefined, model: string, bareRateLimits = 0): GatewayError {
  // No other account was left to try after a bare 429: it is still most likely the prompt.
  if (lastFailure?.class === 'bare_rate_limit' && bareRateLimits > 0) return bareRateLimitError(lastFailure, bareRateLimits);
  if (isGatewayError(error) && (lastFailure === undefined || error.code === 'RATE_LIMITED' || error.code === 'NOT_FOUND')) return error;
  // Every account tried answered 404 for the model (or served nothing of it): the model, not the pool, is the problem.
  if (lastFailure?.class === 'not_found') return buildModelNotServedError(model, `the backend answered: ${lastFailure.message}`);
  if (lastFailure === undefined) return isGatewayError(error) ? error : new GatewayError('INTERNAL', (error as Error).message);
  const retryAfterSeconds = isGatewayError(error) ? error.retryAfterSeconds : undefined;
  if (lastFailure.class === 'rate_limit' || lastFailure.class === 'quota_exhausted' || lastFailure.class === 'capacity') {
    return new GatewayError('RATE_LIMITED', `All accounts rate-limited; last upstream answer: ${lastFailure.message}`, {
      retryAfterSeconds: retryAfterSeconds ?? (lastFailure.retryAfterMs ? Math.ceil(lastFailure.retryAfterMs / 1000) : undefined),
    });
  }
  // agt's own cause first (e.g. "invalid_grant for 3 accounts; re-authorize them"): Google's text is only a detail.
  const lead = isGatewayError(error) ? error.message.replace(/\.?$/, '') : 'No account could serve the request';
  return new GatewayError('NO_ACCOUNTS', `${lead}. Last upstream error: ${lastFailure.message}`, { retryAfterSeconds });
}
