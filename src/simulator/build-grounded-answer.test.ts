import { describe, expect, it } from 'vitest';
import { buildGenerateReply } from './build-generate-reply.js';
import { buildGroundedAnswer } from './build-grounded-answer.js';

describe('the simulated Google Search', () => {
  it('answers with byte-accurate grounding supports', () => {
    const answer = buildGroundedAnswer('café prices');
    const bytes = Buffer.from(answer.text);
    const supports = answer.groundingMetadata.groundingSupports as Array<{ segment: { startIndex: number; endIndex: number; text: string } }>;
    for (const support of supports) expect(bytes.subarray(support.segment.startIndex, support.segment.endIndex).toString()).toBe(support.segment.text);
    expect(answer.groundingMetadata.webSearchQueries).toEqual(['café prices']);
    expect(buildGroundedAnswer('café prices')).toEqual(answer);
  });

  it('is what a request with googleSearch gets', () => {
    const reply = buildGenerateReply({ contents: [{ role: 'user', parts: [{ text: 'go release' }] }], tools: [{ googleSearch: {} }] }, { model: 'gemini-3-flash' });
    expect(reply.parts).toEqual([{ text: buildGroundedAnswer('go release').text }]);
    expect(reply.groundingMetadata).toEqual(buildGroundedAnswer('go release').groundingMetadata);
  });
});
