import type { GeminiPart, GeminiResponse } from '../gemini/gemini-api.js';
import { buildResponsesOutputAssembler } from './build-responses-output-assembler.js';
import { convertGeminiUsageToResponses } from './convert-gemini-usage-to-responses.js';
import { formatResponsesResponse, readIdSeed, type OpenAIResponsesContext } from './format-responses-response.js';
import { mapGeminiFinishReasonToResponses } from './map-gemini-finish-reason-to-responses.js';
import type { ResponsesResponse } from './openai-responses-api.js';

/**
 * Converts a complete Gemini response into a Responses API `response` object. The output items are built by the
 * same assembler the stream encoder uses, so a streamed answer and a whole one have the same items. Only the
 * first candidate is read: agt asks for one.
 */
export function convertGeminiResponseToOpenAIResponses(response: GeminiResponse, context: OpenAIResponsesContext): ResponsesResponse {
  const candidate = response.candidates?.[0];
  const parts: GeminiPart[] = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
  const assembler = buildResponsesOutputAssembler({ idSeed: readIdSeed(context.id), catalog: context.catalog });
  assembler.pushParts(parts);
  // A prompt Gemini blocked comes back without candidates and with promptFeedback.blockReason.
  const promptBlocked = candidate === undefined && typeof response.promptFeedback?.blockReason === 'string';
  const outcome = mapGeminiFinishReasonToResponses(candidate?.finishReason, promptBlocked);
  assembler.close(outcome.status);
  return formatResponsesResponse(context, {
    status: outcome.status,
    output: assembler.output,
    usage: convertGeminiUsageToResponses(response.usageMetadata),
    incompleteDetails: outcome.incomplete_details,
  });
}
