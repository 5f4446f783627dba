/**
 * `v1internal:generateContent` and `v1internal:streamGenerateContent?alt=sse`: authenticate, count, act out
 * faults, validate the envelope, then answer with the deterministic reply as JSON or as SSE frames.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyApiFaults } from './apply-api-faults.js';
import { buildQuotaExhaustedError, buildUnauthenticatedError } from './build-fault-error.js';
import { buildGenerateReply } from './build-generate-reply.js';
import { CLIENT_VERSION_REFUSAL_TEXT, CLIENT_VERSION_RULE, isOutdatedClient } from './check-client-version.js';
import { checkGenerateEnvelope } from './check-generate-envelope.js';
import { buildPromptSegments } from './compute-cached-tokens.js';
import { formatGenerateChunks, formatGenerateResponse } from './format-generate-response.js';
import { isRecord, parseJsonBody, readBearerToken, readRequestBody } from './read-request-body.js';
import { sendGoogleError, sendGoogleReply, sendJson } from './send-google-error.js';
import type { SimulatorState } from './simulator-state.js';
import { formatSseFrame, SSE_HEADERS, writeSseStream } from './write-sse-stream.js';

const ID_PREFIX = Date.now().toString(36);
let nextId = 0;

export async function handleGenerateRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  stream: boolean,
): Promise<void> {
  const text = await readRequestBody(request);
  const account = state.findAccountByAccessToken(readBearerToken(request) ?? '');
  if (account === undefined) return sendGoogleReply(response, buildUnauthenticatedError());
  state.count('generate', account.email);

  let cutBySimulator = false;
  if (stream) {
    response.once('close', () => {
      if (!response.writableFinished && !cutBySimulator) state.count('streamsAborted', account.email);
    });
  }

  const body = parseJsonBody(text);
  const modelId = isRecord(body) && typeof body.model === 'string' ? body.model : undefined;
  const taken = state.takeFaults('generate', { email: account.email, model: modelId, stream });
  const nowMs = state.clock.now();
  if (await applyApiFaults(response, taken, { model: modelId, projectId: account.projectId, nowMs })) return;
  if (body === undefined) return sendGoogleError(response, 400, 'Invalid JSON payload received. Unexpected token.');

  const refuseVersion = isOutdatedClient(request.headers['user-agent'], state.settings);
  if (refuseVersion) {
    state.count('ruleRejections', CLIENT_VERSION_RULE);
    if (state.settings.clientVersionRefusal !== 'completion') {
      return sendGoogleError(response, state.settings.clientVersionRefusal === '404' ? 404 : 503, CLIENT_VERSION_REFUSAL_TEXT);
    }
  }

  const check = checkGenerateEnvelope(body, account, request.headers);
  if (!check.ok) {
    if (check.rule !== undefined) state.count('ruleRejections', check.rule);
    return sendGoogleReply(response, check.error);
  }
  const { model, request: geminiRequest } = check.envelope;
  // The account's quota for the model: used up means 429 QUOTA_EXHAUSTED until the window resets.
  if (!refuseVersion && state.remainingFraction(account, model.id) <= 0) {
    return sendGoogleReply(response, buildQuotaExhaustedError(model.id, account.quota.resetTime, nowMs));
  }

  nextId += 1;
  const traceId = `${ID_PREFIX}${nextId.toString(16).padStart(8, '0')}`;
  const identity = { modelVersion: model.id, responseId: `sim-resp-${traceId}` };
  const headers = { 'x-cloudaicompanion-trace-id': traceId };
  const kind = taken.terminal?.kind;
  if (stream && kind === 'empty-stream') {
    response.writeHead(200, { ...SSE_HEADERS, ...headers });
    response.end();
    return;
  }
  const reply = refuseVersion
    ? { parts: [{ text: CLIENT_VERSION_REFUSAL_TEXT }], finishReason: 'STOP' as const, usageMetadata: { promptTokenCount: 0, candidatesTokenCount: 0, totalTokenCount: 0 } }
    : buildGenerateReply(geminiRequest, { model: model.id, generatesImages: model.generatesImages, toolCalls: state.settings.toolCalls });
  if (!refuseVersion) state.spendQuota(account, model.id);
  const cachedTokens = state.takeCachedTokens(account.email, geminiRequest.sessionId, buildPromptSegments(geminiRequest));
  if (cachedTokens > 0) reply.usageMetadata.cachedContentTokenCount = cachedTokens;
  if (!stream) {
    return sendJson(response, 200, { response: formatGenerateResponse(reply, identity), traceId }, headers);
  }
  const frames = formatGenerateChunks(reply, identity).map((chunk) => formatSseFrame({ response: chunk, traceId }));
  await writeSseStream(response, {
    frames,
    headers,
    chunkDelayMs: taken.chunkDelayMs ?? state.settings.chunkDelayMs,
    cutAfterChunks: kind === 'cut-stream' ? (taken.terminal?.afterChunks ?? 1) : undefined,
    onCut: () => {
      cutBySimulator = true;
    },
  });
}
