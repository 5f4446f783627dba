import { describe, it, expect } from 'vitest';
import { listServableModels } from './list-servable-models.js';
import { parseModelCatalogue } from './model-catalogue.js';
import { FALLBACK_UPSTREAM_MODELS } from './model-families.js';

const first = parseModelCatalogue(
  { models: { 'gemini-3-flash': {}, 'gemini-3.1-pro-high': {}, tab_flash_lite_preview: {} }, deprecatedModelIds: { 'gemini-3.1-pro-high': { newModelId: 'gemini-pro-agent' } } },
  1,
);
const second = parseModelCatalogue({ models: { 'claude-opus-4-6-thinking': {}, 'gemini-3-flash': {} } }, 1);

describe('listServableModels', () => {
  it('lists the union of served models, the aliases of served families and exact custom keys, sorted and unique', () => {
    const models = listServableModels([first, second], { 'my-alias': 'gemini-3-flash', 'team-*': 'gemini-3-flash', empty: '' });
    expect(models).toEqual(['claude-opus-4-6-thinking', 'claude-opus-latest', 'gemini-3-flash', 'gemini-flash-latest', 'my-alias']);
  });

  it('counts an account whose catalogue is not known yet with the built-in fallback models', () => {
    const models = listServableModels([second, undefined], {});
    for (const model of FALLBACK_UPSTREAM_MODELS) expect(models).toContain(model);
    expect(models).toContain('gemini-pro-latest');
  });

  it('lists only custom keys when no account is active', () => {
    expect(listServableModels([], { b: 'x', a: 'y' })).toEqual(['a', 'b']);
  });
});
