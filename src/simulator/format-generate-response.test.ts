import { describe, expect, it } from 'vitest';
import type { SimulatedReply } from './build-generate-reply.js';
import { formatGenerateChunks, formatGenerateResponse, splitTextIntoPieces } from './format-generate-response.js';

const IDENTITY = { modelVersion: 'gemini-3-flash', responseId: 'r1' };
const USAGE = { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 };

describe('splitTextIntoPieces', () => {
  it('cuts at word starts into three to six pieces that join back exactly', () => {
    const text = Array.from({ length: 80 }, (_, index) => `word${index}`).join(' ');
    const pieces = splitTextIntoPieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(6);
    for (const piece of pieces.slice(1)) expect(piece).toMatch(/^word/);
    expect(splitTextIntoPieces('Echo: one two three four').length).toBe(3);
  });

  it('keeps short or unbreakable text whole', () => {
    expect(splitTextIntoPieces('Echo: hi')).toEqual(['Echo: ', 'hi']);
    expect(splitTextIntoPieces('x'.repeat(500))).toEqual(['x'.repeat(500)]);
  });
});

describe('formatGenerateChunks', () => {
  it('puts the thought and the function call in their own chunks, finish data on the last', () => {
    const reply: SimulatedReply = {
      parts: [
        { text: 'Thinking about: x', thought: true, thoughtSignature: 'sim-sig-abc' },
        { functionCall: { name: 'f', args: {}, id: 'call_1' }, thoughtSignature: 'sim-sig-abc' },
      ],
      finishReason: 'STOP',
      usageMetadata: USAGE,
    };
    const chunks = formatGenerateChunks(reply, IDENTITY);
    expect(chunks).toHaveLength(2);
    expect(chunks[0].candidates?.[0].content?.parts).toEqual([reply.parts[0]]);
    expect(chunks[0].candidates?.[0].finishReason).toBeUndefined();
    expect(chunks[0].usageMetadata).toBeUndefined();
    expect(chunks[1].candidates?.[0]).toMatchObject({ finishReason: 'STOP', content: { parts: [reply.parts[1]] } });
    expect(chunks[1]).toMatchObject({ usageMetadata: USAGE, modelVersion: 'gemini-3-flash', responseId: 'r1' });
  });

  it('splits text into pieces and keeps the whole text in the non-stream response', () => {
    const text = 'Echo: the quick brown fox jumps over the lazy dog again and again and again';
    const reply: SimulatedReply = { parts: [{ text }], finishReason: 'MAX_TOKENS', usageMetadata: USAGE };
    const chunks = formatGenerateChunks(reply, IDENTITY);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.map((chunk) => chunk.candidates?.[0].content?.parts[0].text).join('')).toBe(text);
    expect(chunks.at(-1)?.candidates?.[0].finishReason).toBe('MAX_TOKENS');
    expect(formatGenerateResponse(reply, IDENTITY)).toEqual({
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'MAX_TOKENS', index: 0 }],
      usageMetadata: USAGE,
      modelVersion: 'gemini-3-flash',
      responseId: 'r1',
    });
  });
});
