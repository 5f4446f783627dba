/**
 * The non-generating `v1internal` methods: loadCodeAssist, onboardUser (+ operation polling), countTokens,
 * fetchAvailableModels, retrieveUserQuota and retrieveUserQuotaSummary. All need a live access token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GeminiContent } from '../protocols/gemini/gemini-api.js';
import { applyApiFaults } from './apply-api-faults.js';
import {
  buildAvailableModelsReply,
  buildLoadCodeAssistReply,
  buildOperationReply,
  buildQuotaSummaryReply,
  buildUserQuotaReply,
} from './build-code-assist-replies.js';
import { buildUnauthenticatedError } from './build-fault-error.js';
import { countContentTokens } from './count-content-tokens.js';
import { isRecord, parseJsonBody, readBearerToken, readRequestBody } from './read-request-body.js';
import { sendGoogleError, sendGoogleReply, sendJson } from './send-google-error.js';
import type { CounterName } from './simulator-counters.js';
import type { SimulatorEndpoint } from './simulator-fault.js';
import type { SimulatorState } from './simulator-state.js';

export const CODE_ASSIST_METHODS = [
  'loadCodeAssist',
  'onboardUser',
  'countTokens',
  'fetchAvailableModels',
  'retrieveUserQuota',
  'retrieveUserQuotaSummary',
] as const;
export type CodeAssistMethod = (typeof CODE_ASSIST_METHODS)[number] | 'getOperation';

const ENDPOINTS: Record<CodeAssistMethod, { endpoint: SimulatorEndpoint; counter?: CounterName }> = {
  loadCodeAssist: { endpoint: 'loadCodeAssist', counter: 'loadCodeAssist' },
  onboardUser: { endpoint: 'onboardUser', counter: 'onboardUser' },
  getOperation: { endpoint: 'onboardUser' },
  countTokens: { endpoint: 'countTokens', counter: 'countTokens' },
  fetchAvailableModels: { endpoint: 'quota', counter: 'quota' },
  retrieveUserQuota: { endpoint: 'quota', counter: 'quota' },
  retrieveUserQuotaSummary: { endpoint: 'quotaSummary', counter: 'quotaSummary' },
};

export function isCodeAssistMethod(name: string): name is (typeof CODE_ASSIST_METHODS)[number] {
  return (CODE_ASSIST_METHODS as readonly string[]).includes(name);
}

/** `operationName` is the `operations/<id>` path of a GET poll. */
export async function handleCodeAssistRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  method: CodeAssistMethod,
  operationName?: string,
): Promise<void> {
  const text = request.method === 'GET' ? '' : await readRequestBody(request);
  const account = state.findAccountByAccessToken(readBearerToken(request) ?? '');
  if (account === undefined) return sendGoogleReply(response, buildUnauthenticatedError());
  const { endpoint, counter } = ENDPOINTS[method];
  if (counter !== undefined) state.count(counter, account.email);
  const nowMs = state.clock.now();
  const taken = state.takeFaults(endpoint, { email: account.email });
  if (await applyApiFaults(response, taken, { projectId: account.projectId, nowMs })) return;
  const body = parseJsonBody(text);
  if (!isRecord(body)) return sendGoogleError(response, 400, 'Invalid JSON payload received.');

  switch (method) {
    case 'loadCodeAssist':
      return sendJson(response, 200, buildLoadCodeAssistReply(account));
    case 'onboardUser': {
      const operation = state.startOnboarding(account);
      return sendJson(response, 200, { name: operation.name, done: false });
    }
    case 'getOperation': {
      const operation = operationName === undefined ? undefined : state.findOperation(operationName);
      if (operation === undefined || operation.email !== account.email) {
        return sendGoogleError(response, 404, 'Requested entity was not found.');
      }
      operation.polls += 1;
      if (operation.polls >= 2) state.markOnboarded(account);
      return sendJson(response, 200, buildOperationReply(operation, account));
    }
    case 'countTokens': {
      const inner = isRecord(body.request) ? body.request : body;
      if (!Array.isArray(inner.contents)) {
        return sendGoogleError(response, 400, '* CountTokensRequest.contents: contents is not specified\n');
      }
      return sendJson(response, 200, { totalTokens: countContentTokens(inner.contents as GeminiContent[]) });
    }
    case 'fetchAvailableModels':
      state.settleQuota(account);
      return sendJson(response, 200, buildAvailableModelsReply(account, nowMs));
    case 'retrieveUserQuota':
      state.settleQuota(account);
      return sendJson(response, 200, buildUserQuotaReply(account, nowMs));
    case 'retrieveUserQuotaSummary':
      state.settleQuota(account);
      return sendJson(response, 200, buildQuotaSummaryReply(account, nowMs));
  }
}
