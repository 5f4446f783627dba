/**
 * Validating an Antigravity envelope `{project, requestId, request, model, userAgent, requestType}` the way
 * Code Assist does: wrong project → 403, a model outside the account's catalogue → 404, missing contents → 400, then every rule of
 * `upstream-rules/` (the refusals the real backend gives, each with its source).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GeminiRequest } from '../protocols/gemini/gemini-api.js';
import { buildProjectDeniedError } from './build-fault-error.js';
import { isRecord } from './read-request-body.js';
import { buildGoogleError, type GoogleErrorReply } from './send-google-error.js';
import { findServedModel, type SimulatedModel } from './simulated-models.js';
import type { SimulatedAccount } from './simulator-state.js';
import { applyUpstreamRules } from './upstream-rules/index.js';

export interface GenerateEnvelope {
  project: string;
  model: SimulatedModel;
  request: GeminiRequest;
}

export type EnvelopeCheck =
  | { ok: true; envelope: GenerateEnvelope }
  | { ok: false; error: GoogleErrorReply; /** The upstream rule that refused, when one did. */ rule?: string };

export function checkGenerateEnvelope(body: unknown, account: SimulatedAccount, headers: IncomingHttpHeaders = {}): EnvelopeCheck {
  if (!isRecord(body)) return fail(buildGoogleError(400, 'Invalid JSON payload received.'));
  const project = typeof body.project === 'string' ? body.project : '';
  if (!account.onboarded || project !== account.projectId) return fail(buildProjectDeniedError(project));
  // A model the account is not served (unknown, retired, or a deprecated id) is the backend's plain 404.
  const model = findServedModel(account.catalogue, body.model);
  if (model === undefined) return fail(buildGoogleError(404, 'Requested entity was not found.'));
  const request = body.request;
  if (!isRecord(request) || !Array.isArray(request.contents) || request.contents.length === 0) {
    return fail(buildGoogleError(400, '* GenerateContentRequest.contents: contents is not specified\n'));
  }
  const geminiRequest = request as GeminiRequest;
  const refused = applyUpstreamRules({ envelope: body, request: geminiRequest, model, headers });
  if (refused !== undefined) return { ok: false, error: refused.error, rule: refused.rule.name };
  return { ok: true, envelope: { project, model, request: geminiRequest } };
}

function fail(error: GoogleErrorReply): EnvelopeCheck {
  return { ok: false, error };
}
