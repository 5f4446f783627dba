import { describe, it, expect } from 'vitest';
import type { GeminiCandidate, GeminiResponse } from './gemini-api.js';
import { mergeGeminiChunks } from './merge-gemini-chunks.js';

function chunk(candidate: GeminiCandidate, extra: GeminiResponse = {}): GeminiResponse {
  return { candidates: [candidate], ...extra };
}

describe('mergeGeminiChunks', () => {
  it('joins text, keeps thoughts apart, keeps function calls in order, takes the last usage', () => {
    const chunks: GeminiResponse[] = [
      chunk({ content: { role: 'model', parts: [{ text: 'Plan: ', thought: true }] } }, { responseId: 'r-1' }),
      chunk({ content: { role: 'model', parts: [{ text: 'read the file', thought: true }] } }),
      chunk({ content: { role: 'model', parts: [{ text: '', thought: true, thoughtSignature: 'sig-thought' }] } }),
      chunk({ content: { role: 'model', parts: [{ text: 'Reading ' }] } }, { usageMetadata: { promptTokenCount: 5 } }),
      chunk({ content: { role: 'model', parts: [{ text: 'now.' }] } }),
      chunk({
        content: {
          role: 'model',
          parts: [
            { functionCall: { name: 'read_file', args: { path: 'a' }, id: 'call-1' }, thoughtSignature: 'sig-call' },
            { functionCall: { name: 'read_file', args: { path: 'b' }, id: 'call-2' } },
          ],
        },
      }),
      chunk(
        { content: { role: 'model', parts: [] }, finishReason: 'STOP' },
        {
          usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 9, thoughtsTokenCount: 4, totalTokenCount: 18 },
          modelVersion: 'gemini-2.5-pro',
          responseId: 'r-1',
        },
      ),
    ];
    const snapshot = JSON.stringify(chunks);
    expect(mergeGeminiChunks(chunks)).toEqual({
      responseId: 'r-1',
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 9, thoughtsTokenCount: 4, totalTokenCount: 18 },
      modelVersion: 'gemini-2.5-pro',
      candidates: [
        {
          index: 0,
          finishReason: 'STOP',
          content: {
            role: 'model',
            parts: [
              { text: 'Plan: read the file', thought: true, thoughtSignature: 'sig-thought' },
              { text: 'Reading now.' },
              { functionCall: { name: 'read_file', args: { path: 'a' }, id: 'call-1' }, thoughtSignature: 'sig-call' },
              { functionCall: { name: 'read_file', args: { path: 'b' }, id: 'call-2' } },
            ],
          },
        },
      ],
    });
    expect(JSON.stringify(chunks)).toBe(snapshot);
  });

  it('starts a new part when a second signature arrives, so neither is lost', () => {
    const merged = mergeGeminiChunks([
      chunk({ content: { role: 'model', parts: [{ text: 'a', thought: true, thoughtSignature: 'one' }] } }),
      chunk({ content: { role: 'model', parts: [{ text: 'b', thought: true, thoughtSignature: 'two' }] } }),
      chunk({ content: { role: 'model', parts: [{ text: 'c', thought: true }] } }),
    ]);
    expect(merged.candidates?.[0].content?.parts).toEqual([
      { text: 'a', thought: true, thoughtSignature: 'one' },
      { text: 'bc', thought: true, thoughtSignature: 'two' },
    ]);
  });

  it('does not join text across a function call or an inline image', () => {
    const merged = mergeGeminiChunks([
      chunk({ content: { role: 'model', parts: [{ text: 'x' }] } }),
      chunk({ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: 'AA' } }] } }),
      chunk({ content: { role: 'model', parts: [{ text: 'y' }, { functionCall: { name: 'f' } }, { text: 'z' }] } }),
    ]);
    expect(merged.candidates?.[0].content?.parts).toEqual([
      { text: 'x' },
      { inlineData: { mimeType: 'image/png', data: 'AA' } },
      { text: 'y' },
      { functionCall: { name: 'f' } },
      { text: 'z' },
    ]);
  });

  it('keeps candidates apart by index and the last finish reason of each', () => {
    const merged = mergeGeminiChunks([
      { candidates: [{ index: 1, content: { role: 'model', parts: [{ text: 'B' }] } }, { index: 0, content: { role: 'model', parts: [{ text: 'A' }] } }] },
      { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'a' }] }, finishReason: 'MAX_TOKENS' }] },
      { candidates: [{ index: 1, finishReason: 'STOP' }] },
    ]);
    expect(merged.candidates).toEqual([
      { index: 0, finishReason: 'MAX_TOKENS', content: { role: 'model', parts: [{ text: 'Aa' }] } },
      { index: 1, finishReason: 'STOP', content: { role: 'model', parts: [{ text: 'B' }] } },
    ]);
  });

  it('returns no candidates for a blocked prompt, and an empty object for no chunks', () => {
    expect(mergeGeminiChunks([{ promptFeedback: { blockReason: 'SAFETY' } }])).toEqual({ promptFeedback: { blockReason: 'SAFETY' } });
    expect(mergeGeminiChunks([])).toEqual({});
  });
});
