import { describe, expect, it } from 'vitest';
import { convertGeminiUsageToAnthropic } from './convert-gemini-usage-to-anthropic.js';

describe('convertGeminiUsageToAnthropic', () => {
  it('counts thoughts as output and cache reads apart from input', () => {
    expect(
      convertGeminiUsageToAnthropic({ promptTokenCount: 1000, cachedContentTokenCount: 800, candidatesTokenCount: 50, thoughtsTokenCount: 25 }),
    ).toEqual({ input_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 800, output_tokens: 75 });
  });

  it('reads missing or bad counts as zero', () => {
    const zero = { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 };
    expect(convertGeminiUsageToAnthropic(undefined)).toEqual(zero);
    expect(convertGeminiUsageToAnthropic({ promptTokenCount: -5, candidatesTokenCount: Number.NaN })).toEqual(zero);
  });
});
