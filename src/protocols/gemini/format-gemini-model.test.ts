import { describe, it, expect } from 'vitest';
import { formatGeminiModel } from './format-gemini-model.js';
import { formatGeminiModelList } from './format-gemini-model-list.js';

describe('formatGeminiModel', () => {
  it('describes a Gemini model in the v1beta Model shape', () => {
    expect(formatGeminiModel('gemini-2.5-flash')).toEqual({
      name: 'models/gemini-2.5-flash',
      version: '001',
      displayName: 'Gemini 2.5 Flash',
      description: 'Gemini 2.5 Flash, served by agt through Google Cloud Code Assist',
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
    });
  });

  it.each([
    ['claude-sonnet-4-6-thinking', 'Claude Sonnet 4.6 Thinking', 200_000],
    ['models/claude-opus-4-6-thinking', 'Claude Opus 4.6 Thinking', 200_000],
    ['claude-3-5-sonnet-20241022', 'Claude 3.5 Sonnet 20241022', 200_000],
    ['gemini-3.1-pro-preview', 'Gemini 3.1 Pro Preview', 1_048_576],
    ['gemini-3-pro-image', 'Gemini 3 Pro Image', 65_536],
    ['gpt-4o', 'GPT 4o', 1_048_576],
  ])('names %s', (model, displayName, inputTokenLimit) => {
    const description = formatGeminiModel(model);
    expect(description.displayName).toBe(displayName);
    expect(description.inputTokenLimit).toBe(inputTokenLimit);
    expect(description.name).toBe(`models/${model.replace(/^models\//, '')}`);
  });
});

describe('formatGeminiModelList', () => {
  it('lists every model in order', () => {
    const list = formatGeminiModelList(['gemini-2.5-pro', 'claude-sonnet-4-6']);
    expect(list.models.map((model) => model.name)).toEqual(['models/gemini-2.5-pro', 'models/claude-sonnet-4-6']);
    expect(list).not.toHaveProperty('nextPageToken');
  });
});
