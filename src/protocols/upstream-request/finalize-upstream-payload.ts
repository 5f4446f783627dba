import { addEmptySchemaPlaceholders } from './add-empty-schema-placeholders.js';
import { capOutputTokens } from './cap-output-tokens.js';
import { chooseThinkingConfig } from './choose-thinking-config.js';
import { convertImageGenerationRequest } from './convert-image-generation-request.js';
import { convertThoughtSignaturesForModel } from './convert-thought-signatures-for-model.js';
import { dropBlankTextParts } from './drop-blank-text-parts.js';
import { limitStopSequences } from './limit-stop-sequences.js';
import { orderFunctionResponsesFirst } from './order-function-responses-first.js';
import { setUpstreamSessionId } from './set-upstream-session-id.js';
import { turnSafetySettingsOff } from './turn-safety-settings-off.js';
import { useValidatedFunctionCalling } from './use-validated-function-calling.js';
import type { UpstreamPassContext, UpstreamPayload, UpstreamPayloadPass } from './upstream-payload.js';

/**
 * The passes every attempt's payload goes through, in order. Add a pass in its own file (pure, with a test
 * beside it, citing the backend rule it satisfies) and list it here.
 */
export const UPSTREAM_PAYLOAD_PASSES: readonly UpstreamPayloadPass[] = [
  setUpstreamSessionId,
  convertImageGenerationRequest,
  // Thinking by the upstream model first, then the limits that depend on it (the budget under maxOutputTokens).
  chooseThinkingConfig,
  capOutputTokens,
  limitStopSequences,
  useValidatedFunctionCalling,
  addEmptySchemaPlaceholders,
  // After the passes that choose the model: it reads the final upstream model and may drop a Claude thinking config
  // on the degraded retry.
  convertThoughtSignaturesForModel,
  // Shape-only passes that change no model: after the signature pass, which can leave a text part empty when it
  // removes a signature of the other model family.
  dropBlankTextParts,
  orderFunctionResponsesFirst,
  turnSafetySettingsOff,
];

export function finalizeUpstreamPayload(
  payload: UpstreamPayload,
  context: UpstreamPassContext = {},
  passes: readonly UpstreamPayloadPass[] = UPSTREAM_PAYLOAD_PASSES,
): UpstreamPayload {
  let current = payload;
  for (const pass of passes) current = pass(current, context);
  return current;
}
