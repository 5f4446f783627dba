import type { GeminiUsageMetadata } from '../gemini/gemini-api.js';
import type { OpenAIUsage } from './openai-chat-api.js';

/**
 * Converts Gemini `usageMetadata` to OpenAI `usage`. OpenAI counts reasoning inside `completion_tokens` (and
 * reports it again in `completion_tokens_details`), while Gemini counts thoughts apart from candidates, so the two
 * are added. The total is recomputed so that it always equals prompt + completion, as OpenAI clients expect.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function convertGeminiUsageToOpenAI(usage: GeminiUsageMetadata | undefined): OpenAIUsage {
  const promptTokens = countOf(usage?.promptTokenCount);
  const reasoningTokens = countOf(usage?.thoughtsTokenCount);
  const completionTokens = countOf(usage?.candidatesTokenCount) + reasoningTokens;
  const converted: OpenAIUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (usage?.thoughtsTokenCount !== undefined) converted.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  if (usage?.cachedContentTokenCount !== undefined) {
    converted.prompt_tokens_details = { cached_tokens: countOf(usage.cachedContentTokenCount) };
  }
  return converted;
}

/** Upstream counts are trusted for shape only: anything but a finite non-negative number counts as 0. */
function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
