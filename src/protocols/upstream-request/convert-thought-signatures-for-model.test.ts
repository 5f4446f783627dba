import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { encodeJsonUtf8 } from '../../shared/encode-json-utf8.js';
import { SKIP_THOUGHT_SIGNATURE, type GeminiPart } from '../gemini/gemini-api.js';
import { convertThoughtSignaturesForModel } from './convert-thought-signatures-for-model.js';
import type { UpstreamPayload } from './upstream-payload.js';

function payload(model: string, parts: GeminiPart[]): UpstreamPayload {
  return {
    model,
    requestType: 'agent',
    request: {
      contents: [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts }, { role: 'user', parts: [{ text: 'next' }] }],
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    },
  };
}

const modelParts = (result: UpstreamPayload) => result.request.contents[1]?.parts;

describe('convertThoughtSignaturesForModel', () => {
  const history: GeminiPart[] = [
    { text: 'claude thinking', thought: true, thoughtSignature: 'claude#c1' },
    { text: 'gemini thinking', thought: true, thoughtSignature: 'gemini#g1' },
    { text: 'unknown thinking', thought: true, thoughtSignature: 'EqQBCgIY' },
    { text: 'unsigned thinking', thought: true },
    { text: 'answer' },
    { functionCall: { name: 'f', args: {} }, thoughtSignature: 'gemini#g2' },
    { functionCall: { name: 'g', args: {} }, thoughtSignature: 'claude#c2' },
    { functionCall: { name: 'h', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
  ];

  it('gives Claude its own thinking, turns the rest into text and never sends a call signature it did not issue', () => {
    expect(modelParts(convertThoughtSignaturesForModel(payload('claude-sonnet-4-6-thinking', history), {}))).toEqual([
      { text: 'claude thinking', thought: true, thoughtSignature: 'c1' },
      { text: 'gemini thinking' },
      { text: 'unknown thinking' },
      { text: 'unsigned thinking' },
      { text: 'answer' },
      { functionCall: { name: 'f', args: {} } },
      { functionCall: { name: 'g', args: {} }, thoughtSignature: 'c2' },
      { functionCall: { name: 'h', args: {} } },
    ]);
  });

  it('gives Gemini its own signatures and the sentinel on calls signed by others', () => {
    expect(modelParts(convertThoughtSignaturesForModel(payload('gemini-3-flash', history), {}))).toEqual([
      { text: 'claude thinking' },
      { text: 'gemini thinking', thought: true, thoughtSignature: 'g1' },
      { text: 'unknown thinking' },
      { text: 'unsigned thinking' },
      { text: 'answer' },
      { functionCall: { name: 'f', args: {} }, thoughtSignature: 'g2' },
      { functionCall: { name: 'g', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: 'h', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
    ]);
  });

  it('on the degraded retry sends no signature at all but the Gemini sentinel, and Claude without thinking', () => {
    const claude = convertThoughtSignaturesForModel(payload('claude-opus-4-6-thinking', history), { degradeThinking: true });
    expect(modelParts(claude)?.some((part) => part.thought === true || part.thoughtSignature !== undefined)).toBe(false);
    expect(claude.request.generationConfig).toEqual({});
    const gemini = convertThoughtSignaturesForModel(payload('gemini-3-flash', history), { degradeThinking: true });
    expect(modelParts(gemini)?.filter((part) => part.thoughtSignature !== undefined).map((part) => part.thoughtSignature)).toEqual([
      SKIP_THOUGHT_SIGNATURE,
      SKIP_THOUGHT_SIGNATURE,
      SKIP_THOUGHT_SIGNATURE,
    ]);
    expect(gemini.request.generationConfig?.thinkingConfig).toBeDefined();
  });

  it('drops a turn left empty and returns an untouched payload as is', () => {
    const emptied = convertThoughtSignaturesForModel(payload('claude-sonnet-4-6', [{ text: ' ', thought: true, thoughtSignature: 'gemini#x' }]), {});
    expect(emptied.request.contents.map((content) => content.role)).toEqual(['user', 'user']);
    const clean = payload('gemini-3-flash', [{ text: 'answer' }]);
    expect(convertThoughtSignaturesForModel(clean, {})).toBe(clean);
  });
});

describe('parts kept between requests (deep-frozen history)', () => {
  it('converts a kept part once per model family and degradation, with the same result as a part not kept', () => {
    const parts: GeminiPart[] = [
      { text: 'claude thinking', thought: true, thoughtSignature: 'claude#c1' },
      { functionCall: { name: 'g', args: { q: 1 } }, thoughtSignature: 'claude#c2' },
      { text: 'unsigned thinking', thought: true },
      { text: '   ', thought: true, thoughtSignature: 'gemini#g1' },
    ];
    const kept = deepFreeze(structuredClone(parts));
    for (const model of ['claude-sonnet-4-6', 'gemini-3-pro-high']) {
      for (const degradeThinking of [false, true]) {
        const fresh = modelParts(convertThoughtSignaturesForModel(payload(model, structuredClone(parts)), { degradeThinking }));
        const first = modelParts(convertThoughtSignaturesForModel(payload(model, kept), { degradeThinking }));
        const again = modelParts(convertThoughtSignaturesForModel(payload(model, kept), { degradeThinking }));
        expect(first).toEqual(fresh);
        expect(again).toEqual(fresh);
        again?.forEach((part, index) => expect(part).toBe(first?.[index]));
        expect(Buffer.from(JSON.stringify(first)).equals(encodeJsonUtf8(first))).toBe(true);
      }
    }
  });
});
