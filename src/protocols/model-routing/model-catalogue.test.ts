import { describe, it, expect } from 'vitest';
import { isServedModel, parseModelCatalogue } from './model-catalogue.js';

describe('parseModelCatalogue', () => {
  it('reads every model with its quota, limits and capabilities, and the top-level lists', () => {
    const catalogue = parseModelCatalogue(
      {
        models: {
          'gemini-pro-agent': {
            displayName: 'Gemini 3.1 Pro (High)',
            quotaInfo: { remainingFraction: 0.4, resetTime: '2026-12-05T15:00:00Z' },
            maxTokens: 1_048_576,
            maxOutputTokens: 65_535,
            supportsThinking: true,
            supportsImages: true,
            thinkingBudget: 1024,
            recommended: true,
            supportedMimeTypes: { 'image/png': true },
          },
          'claude-opus-4-6-thinking': { quotaInfo: { resetTime: '2026-12-05T15:00:00Z' }, maxOutputTokens: '64000' },
          tab_flash_lite_preview: { displayName: 'Tab' },
          'hidden-model': { isInternal: true },
          'bad id': {},
          broken: 'not an object',
        },
        deprecatedModelIds: { 'gemini-3.1-pro-high': { newModelId: 'gemini-pro-agent' }, 'old-b': 'new-b', self: 'self', empty: {} },
        defaultAgentModelId: 'gemini-pro-agent',
        webSearchModelIds: ['gemini-pro-agent'],
        imageGenerationModelIds: { 'gemini-3.1-flash-image': true, other: false },
      },
      1234,
    );
    expect(catalogue.fetchedAtMs).toBe(1234);
    expect(catalogue.models.get('gemini-pro-agent')).toEqual({
      id: 'gemini-pro-agent',
      displayName: 'Gemini 3.1 Pro (High)',
      maxTokens: 1_048_576,
      maxOutputTokens: 65_535,
      thinkingBudget: 1024,
      supportsThinking: true,
      supportsImages: true,
      recommended: true,
      quota: { remainingFraction: 0.4, resetTime: '2026-12-05T15:00:00Z' },
    });
    // A missing fraction stays missing (it is not 0 %).
    expect(catalogue.models.get('claude-opus-4-6-thinking')).toEqual({
      id: 'claude-opus-4-6-thinking',
      maxOutputTokens: 64_000,
      quota: { resetTime: '2026-12-05T15:00:00Z' },
    });
    expect([...catalogue.models.keys()].sort()).toEqual(['claude-opus-4-6-thinking', 'gemini-pro-agent', 'hidden-model', 'tab_flash_lite_preview']);
    expect(catalogue.models.get('tab_flash_lite_preview')?.isInternal).toBe(true);
    expect(catalogue.models.get('hidden-model')?.isInternal).toBe(true);
    expect([...catalogue.deprecated]).toEqual([
      ['gemini-3.1-pro-high', 'gemini-pro-agent'],
      ['old-b', 'new-b'],
    ]);
    expect(catalogue.defaultAgentModelId).toBe('gemini-pro-agent');
    expect(catalogue.webSearchModelIds).toEqual(['gemini-pro-agent']);
    expect(catalogue.imageGenerationModelIds).toEqual(['gemini-3.1-flash-image']);
  });

  it.each([null, 'text', [], { models: [] }, { models: null }])('reads %j as an empty catalogue', (reply) => {
    const catalogue = parseModelCatalogue(reply, 1);
    expect(catalogue.models.size).toBe(0);
    expect(catalogue.deprecated.size).toBe(0);
  });

  it('clamps the remaining fraction into 0…1', () => {
    const catalogue = parseModelCatalogue({ models: { a: { quotaInfo: { remainingFraction: 1.5 } }, b: { quotaInfo: { remainingFraction: -1 } } } }, 1);
    expect(catalogue.models.get('a')?.quota?.remainingFraction).toBe(1);
    expect(catalogue.models.get('b')?.quota?.remainingFraction).toBe(0);
  });
});

describe('isServedModel', () => {
  const catalogue = parseModelCatalogue(
    { models: { a: {}, old: {}, tab_x: {}, secret: { isInternal: true } }, deprecatedModelIds: { old: { newModelId: 'a' } } },
    1,
  );
  it('serves listed chat models only: not deprecated ids, internal helpers or unknown ids', () => {
    expect(isServedModel(catalogue, 'a')).toBe(true);
    expect(isServedModel(catalogue, 'old')).toBe(false);
    expect(isServedModel(catalogue, 'tab_x')).toBe(false);
    expect(isServedModel(catalogue, 'secret')).toBe(false);
    expect(isServedModel(catalogue, 'zzz')).toBe(false);
  });
});
