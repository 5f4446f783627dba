import { describe, expect, it } from 'vitest';
import { convertGeminiUsageToResponses } from './convert-gemini-usage-to-responses.js';

describe('convertGeminiUsageToResponses', () => {
  it('counts thoughts inside output tokens and recomputes the total', () => {
    expect(
      convertGeminiUsageToResponses({ promptTokenCount: 100, candidatesTokenCount: 20, thoughtsTokenCount: 30, cachedContentTokenCount: 40, totalTokenCount: 999 }),
    ).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 40, cache_write_tokens: 0 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 30 },
      total_tokens: 150,
    });
  });

  it('treats missing or malformed counts as zero', () => {
    expect(convertGeminiUsageToResponses(undefined)).toEqual({
      input_tokens: 0,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 0,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 0,
    });
    const hostile = { promptTokenCount: -3, candidatesTokenCount: Number.NaN, thoughtsTokenCount: '5' as unknown as number };
    expect(convertGeminiUsageToResponses(hostile).total_tokens).toBe(0);
    expect(convertGeminiUsageToResponses({ promptTokenCount: 2.7 }).input_tokens).toBe(2);
  });
});
