import { describe, it, expect } from 'vitest';
import { chooseUpstreamModel } from './choose-upstream-model.js';
import { parseModelCatalogue, type ModelCatalogue } from './model-catalogue.js';
import { resolveModelRoute } from './resolve-model-route.js';

/** Today's catalogue as src/simulator/simulated-models.ts serves it (display names carry the versions). */
const TODAY: ModelCatalogue = parseModelCatalogue(
  {
    models: {
      'claude-opus-4-6-thinking': { displayName: 'Claude Opus 4.6 (Thinking)' },
      'claude-sonnet-4-6': { displayName: 'Claude Sonnet 4.6' },
      'gemini-pro-agent': { displayName: 'Gemini 3.1 Pro (High)' },
      'gemini-3.1-pro-low': { displayName: 'Gemini 3.1 Pro (Low)' },
      'gemini-3-flash': { displayName: 'Gemini 3 Flash' },
      'gemini-3-flash-agent': { displayName: 'Gemini 3.5 Flash (High)' },
      'gemini-3.5-flash-low': { displayName: 'Gemini 3.5 Flash (Medium)' },
      'gemini-3.5-flash-extra-low': { displayName: 'Gemini 3.5 Flash (Low)' },
      'gemini-3.1-flash-lite': { displayName: 'Gemini 3.1 Flash Lite' },
      'gemini-3.1-flash-image': { displayName: 'Gemini 3.1 Flash Image' },
      'gpt-oss-120b-medium': { displayName: 'GPT-OSS 120B (Medium)' },
      tab_flash_lite_preview: {},
    },
    deprecatedModelIds: { 'gemini-3.1-pro-high': { newModelId: 'gemini-pro-agent' } },
  },
  1,
);

function choose(name: string, catalogue: ModelCatalogue | undefined, custom: Record<string, string> = {}) {
  return chooseUpstreamModel(resolveModelRoute(name, custom), catalogue);
}

describe('chooseUpstreamModel with the account catalogue', () => {
  it.each([
    // The default models of the clients in the client suite must resolve.
    ['claude-opus-5-5', 'claude-opus-4-6-thinking', 'family'],
    ['claude-opus-4-8', 'claude-opus-4-6-thinking', 'family'],
    ['gpt-5', 'gemini-pro-agent', 'family'],
    ['gemini-3.5-flash-lite', 'gemini-3.1-flash-lite', 'family'],
    ['gemini-3.1-pro-preview', 'gemini-pro-agent', 'family'],
    // New names of known families.
    ['claude-sonnet-4-6', 'claude-sonnet-4-6', 'exact'],
    ['claude-sonnet-5', 'claude-sonnet-4-6', 'family'],
    ['claude-haiku-4-5-20251001', 'claude-sonnet-4-6', 'family'],
    ['gpt-5.5', 'gemini-pro-agent', 'family'],
    ['o4-mini', 'gemini-3-flash-agent', 'family'],
    ['gemini-2.5-flash', 'gemini-3-flash-agent', 'family'],
    ['gemini-2.5-pro', 'gemini-pro-agent', 'family'],
    ['gemini-3-pro-low', 'gemini-3.1-pro-low', 'family'],
    ['gemini-3.5-flash-low', 'gemini-3.5-flash-low', 'exact'],
    ['gemini-3-pro-image', 'gemini-3.1-flash-image', 'family'],
    // deprecatedModelIds forwards.
    ['gemini-3.1-pro-high', 'gemini-pro-agent', 'forwarded'],
  ])('%s → %s (%s)', (name, model, reason) => {
    expect(choose(name, TODAY)).toEqual({ model, reason });
  });

  it('prefers the newest version, then the tier the name asks for', () => {
    const catalogue = parseModelCatalogue(
      {
        models: {
          'gemini-3-flash-agent': { displayName: 'Gemini 3.5 Flash (High)' },
          'gemini-3.8-flash-high': { displayName: 'Gemini 3.8 Flash (High)' },
          'gemini-3.8-flash-medium': { displayName: 'Gemini 3.8 Flash (Medium)' },
          'gemini-3.8-flash-low': {},
        },
      },
      1,
    );
    expect(choose('gemini-3.5-flash', catalogue)).toEqual({ model: 'gemini-3.8-flash-high', reason: 'family' });
    expect(choose('gemini-3.8-flash', catalogue)).toEqual({ model: 'gemini-3.8-flash-high', reason: 'family' });
    expect(choose('gemini-3.7-flash-low', catalogue)).toEqual({ model: 'gemini-3.8-flash-low', reason: 'family' });
    expect(choose('gemini-3.8-flash-medium', catalogue)).toEqual({ model: 'gemini-3.8-flash-medium', reason: 'exact' });
  });

  it('prefers the thinking variant when the name asks for one, and the plain one otherwise', () => {
    const catalogue = parseModelCatalogue({ models: { 'claude-sonnet-4-6': {}, 'claude-sonnet-4-6-thinking': {} } }, 1);
    expect(choose('claude-sonnet-4-5-thinking', catalogue)?.model).toBe('claude-sonnet-4-6-thinking');
    expect(choose('claude-sonnet-4-5', catalogue)?.model).toBe('claude-sonnet-4-6');
    expect(choose('claude-haiku-4-5', catalogue)?.model).toBe('claude-sonnet-4-6');
  });

  it('falls back from Flash Lite to Flash when the account serves no Lite', () => {
    const catalogue = parseModelCatalogue({ models: { 'gemini-3-flash': {} } }, 1);
    expect(choose('gemini-3.5-flash-lite', catalogue)).toEqual({ model: 'gemini-3-flash', reason: 'family' });
  });

  it('returns undefined when the account serves nothing the name can use', () => {
    const geminiOnly = parseModelCatalogue({ models: { 'gemini-3-flash': {} } }, 1);
    expect(choose('claude-opus-5-5', geminiOnly)).toBeUndefined();
    expect(choose('mistral-large', TODAY)).toBeUndefined();
    expect(choose('tab_flash_lite_preview', TODAY)).toBeUndefined();
    expect(choose('gemini-embedding-001', TODAY)).toBeUndefined();
  });

  it('serves the custom mapping target: exactly, forwarded, or the best of its family', () => {
    expect(choose('my-model', TODAY, { 'my-model': 'gemini-3.1-pro-low' })).toEqual({ model: 'gemini-3.1-pro-low', reason: 'exact' });
    expect(choose('gpt-4o', TODAY, { 'gpt-*': 'claude-opus-4-6-thinking' })).toEqual({ model: 'claude-opus-4-6-thinking', reason: 'exact' });
    expect(choose('x', TODAY, { x: 'gemini-3.1-pro-high' })).toEqual({ model: 'gemini-pro-agent', reason: 'forwarded' });
    expect(choose('x', TODAY, { x: 'gemini-3-pro-high' })).toEqual({ model: 'gemini-pro-agent', reason: 'family' });
    expect(choose('x', TODAY, { x: 'nothing-known' })).toBeUndefined();
  });

  it('does not forward to a replacement the account does not serve', () => {
    const catalogue = parseModelCatalogue({ models: { 'gemini-3.1-pro-low': {} }, deprecatedModelIds: { 'gemini-3.1-pro-high': { newModelId: 'gemini-pro-agent' } } }, 1);
    expect(choose('gemini-3.1-pro-high', catalogue)).toEqual({ model: 'gemini-3.1-pro-low', reason: 'family' });
  });
});

describe('chooseUpstreamModel before the catalogue is known', () => {
  it.each([
    ['claude-opus-5-5', 'claude-opus-4-6-thinking', 'fallback'],
    ['gpt-5', 'gemini-pro-agent', 'fallback'],
    ['gemini-3.5-flash-lite', 'gemini-3.1-flash-lite', 'fallback'],
    ['gemini-3-pro-low', 'gemini-3.1-pro-low', 'fallback'],
    ['gemini-3.1-pro-low', 'gemini-3.1-pro-low', 'fallback'],
    ['gemini-2.5-flash', 'gemini-3-flash', 'fallback'],
    ['mistral-large', 'mistral-large', 'passthrough'],
  ])('%s → %s (%s)', (name, model, reason) => {
    expect(choose(name, undefined)).toEqual({ model, reason });
  });
});
