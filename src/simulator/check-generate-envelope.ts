/**
 * Validating an Antigravity envelope `{project, requestId, request, model, userAgent, requestType}` the way
 * Code Assist does: wrong project → 403, unknown model → 404, missing contents → 400, and a model turn whose
 * first functionCall part has no thought signature → 400.
 */
import type { GeminiContent, GeminiRequest } from '../protocols/gemini/gemini-api.js';
import { buildProjectDeniedError } from './build-fault-error.js';
import { isRecord } from './read-request-body.js';
import { buildGoogleError, type GoogleErrorReply } from './send-google-error.js';
import { findSimulatedModel, type SimulatedModel } from './simulated-models.js';
import type { SimulatedAccount } from './simulator-state.js';

export interface GenerateEnvelope {
  project: string;
  model: SimulatedModel;
  request: GeminiRequest;
}

export type EnvelopeCheck = { ok: true; envelope: GenerateEnvelope } | { ok: false; error: GoogleErrorReply };

export function checkGenerateEnvelope(body: unknown, account: SimulatedAccount): EnvelopeCheck {
  if (!isRecord(body)) return fail(buildGoogleError(400, 'Invalid JSON payload received.'));
  const project = typeof body.project === 'string' ? body.project : '';
  if (!account.onboarded || project !== account.projectId) return fail(buildProjectDeniedError(project));
  const model = findSimulatedModel(body.model);
  if (model === undefined) return fail(buildGoogleError(404, 'Requested entity was not found.'));
  const request = body.request;
  if (!isRecord(request) || !Array.isArray(request.contents) || request.contents.length === 0) {
    return fail(buildGoogleError(400, '* GenerateContentRequest.contents: contents is not specified\n'));
  }
  const geminiRequest = request as GeminiRequest;
  const missing = findUnsignedFunctionCall(geminiRequest.contents);
  if (missing !== undefined) {
    return fail(
      buildGoogleError(
        400,
        'Function call is missing a thought_signature in functionCall parts. This is required for tools to work ' +
          `correctly, and missing thought_signature may lead to degraded model performance. Additional data, ` +
          `function call \`default_api:${missing.name}\` , position ${missing.position}. Please refer to ` +
          'https://ai.google.dev/gemini-api/docs/thought-signatures for more details.',
      ),
    );
  }
  return { ok: true, envelope: { project, model, request: geminiRequest } };
}

function fail(error: GoogleErrorReply): EnvelopeCheck {
  return { ok: false, error };
}

/**
 * The first model turn whose first functionCall part has no thought signature (the sentinel
 * `skip_thought_signature_validator` counts as one). Later parallel calls of a turn need none, as upstream.
 */
function findUnsignedFunctionCall(contents: readonly GeminiContent[]): { name: string; position: number } | undefined {
  for (let index = 0; index < contents.length; index += 1) {
    const content = contents[index];
    if (!isRecord(content) || content.role !== 'model' || !Array.isArray(content.parts)) continue;
    const call = content.parts.find((part) => isRecord(part) && part.functionCall !== undefined);
    if (call === undefined) continue;
    if (typeof call.thoughtSignature === 'string' && call.thoughtSignature !== '') continue;
    return { name: String(call.functionCall?.name ?? ''), position: index + 1 };
  }
  return undefined;
}
