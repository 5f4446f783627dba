import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReasonToAnthropic } from './map-gemini-finish-reason-to-anthropic.js';

describe('mapGeminiFinishReasonToAnthropic', () => {
  it('maps the token limit to max_tokens, with or without tool calls', () => {
    expect(mapGeminiFinishReasonToAnthropic('MAX_TOKENS', false)).toBe('max_tokens');
    expect(mapGeminiFinishReasonToAnthropic('MAX_TOKENS', true)).toBe('max_tokens');
  });

  it('ends the turn with tool_use when a tool was called, else end_turn', () => {
    for (const reason of ['STOP', undefined, 'SAFETY', 'RECITATION', 'OTHER', 'MALFORMED_FUNCTION_CALL', 'SOMETHING_NEW']) {
      expect(mapGeminiFinishReasonToAnthropic(reason, false)).toBe('end_turn');
      expect(mapGeminiFinishReasonToAnthropic(reason, true)).toBe('tool_use');
    }
  });
});
