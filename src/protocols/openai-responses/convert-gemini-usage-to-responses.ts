import type { GeminiUsageMetadata } from '../gemini/gemini-api.js';
import type { ResponsesUsage } from './openai-responses-api.js';

/**
 * Converts Gemini `usageMetadata` to Responses `usage`. OpenAI counts reasoning inside `output_tokens` (and again
 * in `output_tokens_details.reasoning_tokens`), while Gemini counts thoughts apart from candidates, so the two are
 * added; the total is recomputed so that it always equals input + output, as clients (Codex's token meter) expect.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export function convertGeminiUsageToResponses(usage: GeminiUsageMetadata | undefined): ResponsesUsage {
  const inputTokens = countOf(usage?.promptTokenCount);
  const reasoningTokens = countOf(usage?.thoughtsTokenCount);
  const outputTokens = countOf(usage?.candidatesTokenCount) + reasoningTokens;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: countOf(usage?.cachedContentTokenCount), cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

/** Upstream counts are trusted for shape only: anything but a finite non-negative number counts as 0. */
function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
