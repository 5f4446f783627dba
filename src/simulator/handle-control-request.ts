/**
 * The control API under `/_sim/` (JSON in and out, no auth): accounts (and their model catalogues), consent,
 * faults, counters, settings, reset. Unknown accounts answer 404, bad bodies 400, both in the Google error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, parseJsonBody, readRequestBody } from './read-request-body.js';
import { sendGoogleError, sendJson } from './send-google-error.js';
import { parseSimulatorFault } from './simulator-fault.js';
import type { SimulatedModelInput } from './simulated-models.js';
import { CLIENT_VERSION_REFUSALS, UnknownAccountError, type CreateAccountInput, type SimulatorState, type ToolCallMode } from './simulator-state.js';

class BadControlRequest extends Error {}

export async function handleControlRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const method = request.method ?? 'GET';
  const text = method === 'GET' || method === 'HEAD' ? '' : await readRequestBody(request);
  const body = parseJsonBody(text);
  try {
    if (!isRecord(body)) throw new BadControlRequest('body must be a JSON object');
    const reply = routeControl(state, method, path, body);
    if (reply === undefined) return sendGoogleError(response, 404, `No simulator control route ${method} ${path}`);
    sendJson(response, 200, reply);
  } catch (error) {
    if (error instanceof UnknownAccountError) return sendGoogleError(response, 404, error.message);
    if (error instanceof BadControlRequest) return sendGoogleError(response, 400, error.message);
    throw error;
  }
}

function routeControl(
  state: SimulatorState,
  method: string,
  path: string,
  body: Record<string, unknown>,
): unknown {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_sim/health':
      return { ok: true };
    case 'POST /_sim/accounts': {
      const created = state.createAccount(readAccountInput(body));
      return { email: created.email, refresh_token: created.refreshToken, project_id: created.projectId };
    }
    case 'GET /_sim/accounts':
      return {
        accounts: state.listAccounts().map((account) => ({
          email: account.email,
          name: account.name,
          project_id: account.projectId,
          onboarded: account.onboarded,
          tier: account.tier,
          models: account.catalogue.models.map((model) => model.id),
          deprecatedModelIds: account.catalogue.deprecated,
        })),
      };
    case 'POST /_sim/consent':
      state.setConsentAccount(readString(body, 'email', true) as string);
      return { ok: true };
    case 'POST /_sim/faults':
      try {
        return { id: state.addFault(parseSimulatorFault(body)) };
      } catch (error) {
        throw new BadControlRequest((error as Error).message);
      }
    case 'GET /_sim/faults':
      return { faults: state.listFaults() };
    case 'DELETE /_sim/faults':
      state.clearFaults();
      return { ok: true };
    case 'GET /_sim/counters':
      return state.counters();
    case 'POST /_sim/settings':
      return state.updateSettings({
        chunkDelayMs: readNumber(body, 'chunkDelayMs'),
        accessTokenTtlSeconds: readNumber(body, 'accessTokenTtlSeconds'),
        minClientVersion: readVersion(body, 'minClientVersion'),
        clientVersionRefusal: readChoice(body, 'clientVersionRefusal', CLIENT_VERSION_REFUSALS),
        toolCalls: readToolCallMode(body),
      });
    case 'POST /_sim/reset':
      state.reset();
      return { ok: true };
    default:
      return method === 'POST' ? routeAccountAction(state, path, body) : undefined;
  }
}

/** `POST /_sim/accounts/:email/<action>`. */
function routeAccountAction(state: SimulatorState, path: string, body: Record<string, unknown>): unknown {
  const match = /^\/_sim\/accounts\/([^/]+)\/([a-z-]+)\/?$/.exec(path);
  if (match === null) return undefined;
  let email: string;
  try {
    email = decodeURIComponent(match[1]);
  } catch {
    throw new BadControlRequest('account email in the path is not valid URL encoding');
  }
  switch (match[2]) {
    case 'revoke':
      state.revoke(email);
      return { ok: true };
    case 'refresh-token':
      return { refresh_token: state.issueRefreshToken(email) };
    case 'expire-access-tokens':
      state.expireAccessTokens(email);
      return { ok: true };
    case 'models': {
      // {models?: [id | {id, displayName?, maxOutputTokens?, …}], deprecatedModelIds?: {old: new}}; no models = default.
      const models = readModelList(body.models);
      const deprecated = readDeprecatedModelIds(body.deprecatedModelIds);
      try {
        const catalogue = state.setCatalogue(email, models, deprecated);
        return { models: catalogue.models.map((model) => model.id), deprecatedModelIds: catalogue.deprecated };
      } catch (error) {
        if (error instanceof UnknownAccountError) throw error;
        throw new BadControlRequest((error as Error).message);
      }
    }
    case 'quota': {
      // {remainingFraction?, model?, resetTime?, costPerRequest?}: the fraction for one model or every model, when the
      // window resets, and how much each served request spends.
      const remainingFraction = readNumber(body, 'remainingFraction');
      const costPerRequest = readNumber(body, 'costPerRequest');
      if ((remainingFraction !== undefined && remainingFraction > 1) || (costPerRequest !== undefined && costPerRequest > 1)) {
        throw new BadControlRequest('remainingFraction and costPerRequest must be numbers between 0 and 1');
      }
      const resetTime = readString(body, 'resetTime', false);
      if (resetTime !== undefined && !Number.isFinite(Date.parse(resetTime))) throw new BadControlRequest('resetTime must be an RFC 3339 time');
      if (remainingFraction === undefined && costPerRequest === undefined && resetTime === undefined) {
        throw new BadControlRequest('give remainingFraction, resetTime or costPerRequest');
      }
      state.setQuota(email, { remainingFraction, model: readString(body, 'model', false), resetTime, costPerRequest });
      return { ok: true };
    }
    default:
      return undefined;
  }
}

function readModelList(value: unknown): SimulatedModelInput[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new BadControlRequest('models must be an array of model ids or {id, …} objects');
  return value.map((entry) => {
    if (typeof entry === 'string' && entry !== '') return entry;
    if (isRecord(entry) && typeof entry.id === 'string' && entry.id !== '') return entry as SimulatedModelInput;
    throw new BadControlRequest('models must be an array of model ids or {id, …} objects');
  });
}

function readDeprecatedModelIds(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || !Object.values(value).every((target) => typeof target === 'string' && target !== '')) {
    throw new BadControlRequest('deprecatedModelIds must map old model ids to their replacement ids');
  }
  return value as Record<string, string>;
}

function readAccountInput(body: Record<string, unknown>): CreateAccountInput {
  const email = readString(body, 'email', true) as string;
  if (!email.includes('@')) throw new BadControlRequest('email must look like an email address');
  const input: CreateAccountInput = { email };
  input.name = readString(body, 'name', false);
  input.projectId = readString(body, 'projectId', false) ?? readString(body, 'project_id', false);
  input.tier = readString(body, 'tier', false);
  input.clientId = readString(body, 'clientId', false) ?? readString(body, 'client_id', false);
  input.models = readModelList(body.models);
  input.deprecatedModelIds = readDeprecatedModelIds(body.deprecatedModelIds);
  if (body.onboarded !== undefined) {
    if (typeof body.onboarded !== 'boolean') throw new BadControlRequest('onboarded must be a boolean');
    input.onboarded = body.onboarded;
  }
  return input;
}

function readString(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new BadControlRequest(`${name} must be a non-empty string`);
  return value;
}

function readNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new BadControlRequest(`${name} must be a number >= 0`);
  }
  return value;
}

function readVersion(body: Record<string, unknown>, name: string): string | undefined {
  const value = readString(body, name, false);
  if (value !== undefined && !/^\d+(?:\.\d+){0,3}$/.test(value)) throw new BadControlRequest(`${name} must look like 2.9.0`);
  return value;
}

function readChoice<T extends string>(body: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
  const value = readString(body, name, false);
  if (value !== undefined && !(choices as readonly string[]).includes(value)) {
    throw new BadControlRequest(`${name} must be one of ${choices.join(', ')}`);
  }
  return value as T | undefined;
}

function readToolCallMode(body: Record<string, unknown>): ToolCallMode | undefined {
  const value = body.toolCalls;
  if (value === undefined) return undefined;
  if (value === 'first-offered' || value === 'on-request') return value;
  throw new BadControlRequest('toolCalls must be "first-offered" or "on-request"');
}
