import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../../protocols/gemini/gemini-api.js';
import { findSimulatedModel } from '../simulated-models.js';
import { restrictImageModelRequests } from './restrict-image-model-requests.js';

const contents = [{ role: 'user', parts: [{ text: 'a cat' }] }];
const check = (request: GeminiRequest, modelId = 'gemini-3-pro-image') =>
  restrictImageModelRequests.check({ envelope: {}, request, model: findSimulatedModel(modelId)!, headers: {} })?.body.error.message;

describe('restrictImageModelRequests', () => {
  it('takes a plain image request with a valid imageConfig', () => {
    expect(check({ contents, generationConfig: { imageConfig: { aspectRatio: '16:9', imageSize: '4K' } } })).toBeUndefined();
  });

  it('refuses tools, a system instruction and unknown sizes on image models only', () => {
    expect(check({ contents, tools: [{ functionDeclarations: [{ name: 'f' }] }] })).toBe('Function calling is not enabled for models/gemini-3-pro-image');
    expect(check({ contents, systemInstruction: { parts: [{ text: 's' }] } })).toBe('Developer instruction is not enabled for models/gemini-3-pro-image');
    expect(check({ contents, generationConfig: { imageConfig: { aspectRatio: '16x9' } } })).toMatch(/aspect_ratio/);
    expect(check({ contents, generationConfig: { imageConfig: { imageSize: '8K' } } })).toMatch(/image_size/);
    expect(check({ contents, tools: [{ functionDeclarations: [{ name: 'f' }] }] }, 'gemini-3-flash')).toBeUndefined();
  });
});
