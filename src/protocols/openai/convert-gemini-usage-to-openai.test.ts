import { describe, expect, it } from 'vitest';
import type { GeminiUsageMetadata } from '../gemini/gemini-api.js';
import { convertGeminiUsageToOpenAI } from './convert-gemini-usage-to-openai.js';
import type { OpenAIUsage } from './openai-chat-api.js';

describe('convertGeminiUsageToOpenAI', () => {
  const cases: Array<[string, GeminiUsageMetadata | undefined, OpenAIUsage]> = [
    ['no usage', undefined, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }],
    [
      'plain counts',
      { promptTokenCount: 16, candidatesTokenCount: 4, totalTokenCount: 20 },
      { prompt_tokens: 16, completion_tokens: 4, total_tokens: 20 },
    ],
    [
      'thoughts count as completion and as reasoning',
      { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 30, totalTokenCount: 45 },
      { prompt_tokens: 10, completion_tokens: 35, total_tokens: 45, completion_tokens_details: { reasoning_tokens: 30 } },
    ],
    [
      'cached prompt tokens; total recomputed',
      { promptTokenCount: 100, candidatesTokenCount: 1, cachedContentTokenCount: 64, totalTokenCount: 999 },
      { prompt_tokens: 100, completion_tokens: 1, total_tokens: 101, prompt_tokens_details: { cached_tokens: 64 } },
    ],
    [
      'garbage counts become 0',
      { promptTokenCount: -3, candidatesTokenCount: Number.NaN, thoughtsTokenCount: '7' as unknown as number },
      { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, completion_tokens_details: { reasoning_tokens: 0 } },
    ],
  ];

  it.each(cases)('%s', (_name, usage, expected) => {
    expect(convertGeminiUsageToOpenAI(usage)).toEqual(expected);
  });
});
