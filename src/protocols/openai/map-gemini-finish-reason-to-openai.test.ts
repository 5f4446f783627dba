import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReasonToOpenAI } from './map-gemini-finish-reason-to-openai.js';

describe('mapGeminiFinishReasonToOpenAI', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    [undefined, false, 'stop'],
    [undefined, true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', true, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['OTHER', false, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', true, 'tool_calls'],
    ['SOMETHING_NEW', false, 'stop'],
  ] as const)('%s with tool calls %s → %s', (reason, hasToolCalls, expected) => {
    expect(mapGeminiFinishReasonToOpenAI(reason, hasToolCalls)).toBe(expected);
  });
});
