import type { GeminiUsageMetadata } from '../gemini/gemini-api.js';
import type { AnthropicUsage } from './anthropic-messages-api.js';

/**
 * Gemini usage → Anthropic usage. Gemini's `promptTokenCount` includes cached tokens while Anthropic counts
 * cache reads apart from `input_tokens` (clients add them back up for the context size), so the cached count
 * is subtracted. Output is what the model wrote, thoughts included.
 */
export function convertGeminiUsageToAnthropic(usage: GeminiUsageMetadata | undefined): AnthropicUsage {
  const cached = readCount(usage?.cachedContentTokenCount);
  return {
    input_tokens: Math.max(0, readCount(usage?.promptTokenCount) - cached),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: readCount(usage?.candidatesTokenCount) + readCount(usage?.thoughtsTokenCount),
  };
}

function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
