import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReasonToResponses } from './map-gemini-finish-reason-to-responses.js';

describe('mapGeminiFinishReasonToResponses', () => {
  it.each([
    ['STOP', 'completed', null],
    [undefined, 'completed', null],
    ['MALFORMED_FUNCTION_CALL', 'completed', null],
    ['SOMETHING_NEW', 'completed', null],
    ['MAX_TOKENS', 'incomplete', { reason: 'max_output_tokens' }],
    ['SAFETY', 'incomplete', { reason: 'content_filter' }],
    ['RECITATION', 'incomplete', { reason: 'content_filter' }],
    ['PROHIBITED_CONTENT', 'incomplete', { reason: 'content_filter' }],
  ])('%s → %s', (reason, status, details) => {
    expect(mapGeminiFinishReasonToResponses(reason, false)).toEqual({ status, incomplete_details: details });
  });

  it('reports a blocked prompt as filtered whatever the reason', () => {
    expect(mapGeminiFinishReasonToResponses('STOP', true)).toEqual({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });
});
