import { describe, expect, it } from 'vitest';
import { convertImageGenerationRequest } from './convert-image-generation-request.js';
import type { UpstreamPayload } from './upstream-payload.js';

const base: UpstreamPayload['request'] = {
  contents: [{ role: 'user', parts: [{ text: 'a cat' }] }],
  systemInstruction: { parts: [{ text: 'be nice' }] },
  tools: [{ functionDeclarations: [{ name: 'f' }] }],
  toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
  generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true } },
};

describe('convertImageGenerationRequest', () => {
  it('asks an image model for image_gen without tools, system instruction or thinking, with the suffix sizes', () => {
    const result = convertImageGenerationRequest({ model: 'gemini-3-pro-image-16x9-4k', requestType: 'agent', request: base }, {});
    expect(result).toEqual({
      model: 'gemini-3-pro-image',
      requestType: 'image_gen',
      request: {
        contents: base.contents,
        generationConfig: { temperature: 1, imageConfig: { aspectRatio: '16:9', imageSize: '4K' } },
      },
    });
  });

  it("keeps the client's imageConfig over the suffixes", () => {
    const request = { contents: base.contents, generationConfig: { imageConfig: { aspectRatio: '1:1' } } };
    const result = convertImageGenerationRequest({ model: 'gemini-3-pro-image-16x9', requestType: 'agent', request }, {});
    expect(result.request.generationConfig).toEqual({ imageConfig: { aspectRatio: '1:1' } });
  });

  it("reads the suffixes from the client's model name when the mapping removed them", () => {
    const result = convertImageGenerationRequest({ model: 'gemini-3-pro-image', requestType: 'agent', request: { contents: base.contents } }, { clientModel: 'gemini-3-pro-image-9x16-2k' });
    expect(result.request.generationConfig).toEqual({ imageConfig: { aspectRatio: '9:16', imageSize: '2K' } });
  });

  it('leaves other models alone', () => {
    const payload: UpstreamPayload = { model: 'gemini-3-flash', requestType: 'agent', request: base };
    expect(convertImageGenerationRequest(payload, {})).toBe(payload);
  });
});
