import { describe, it, expect } from 'vitest';
import { UPSTREAM_MODELS } from './built-in-model-map.js';
import { listServableModels } from './list-servable-models.js';

describe('listServableModels', () => {
  it('lists upstream models, exact aliases and exact custom keys, sorted and unique, without wildcards', () => {
    const models = listServableModels({ 'my-alias': 'gemini-2.5-pro', 'team-*': 'gemini-3-flash', 'gemini-2.5-pro': 'gemini-2.5-pro', empty: '' });
    for (const model of UPSTREAM_MODELS) expect(models).toContain(model);
    expect(models).toContain('my-alias');
    expect(models).toContain('gemini-3-pro');
    expect(models).toContain('internal-background-task');
    expect(models).not.toContain('empty');
    expect(models.some((model) => model.includes('*'))).toBe(false);
    expect(new Set(models).size).toBe(models.length);
    expect(models).toEqual([...models].sort());
  });

  it('is the same for the same mapping', () => {
    expect(listServableModels({ b: 'x', a: 'y' })).toEqual(listServableModels({ a: 'y', b: 'x' }));
  });
});
