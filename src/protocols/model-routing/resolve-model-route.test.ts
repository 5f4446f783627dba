import { describe, it, expect } from 'vitest';
import { BUILT_IN_MODEL_MAP, UPSTREAM_MODELS } from './built-in-model-map.js';
import { resolveModelRoute } from './resolve-model-route.js';

describe('resolveModelRoute', () => {
  it('follows the precedence custom exact → custom wildcard → built-in → passthrough', () => {
    const custom = { 'gpt-4o': 'gemini-3-pro-high', 'gpt-4*': 'claude-sonnet-4-6', 'my-*': 'gemini-3-flash' };
    expect(resolveModelRoute('gpt-4o', custom)).toEqual({ requested: 'gpt-4o', upstream: 'gemini-3-pro-high', source: 'custom-exact' });
    expect(resolveModelRoute('gpt-4o-mini', custom)).toEqual({ requested: 'gpt-4o-mini', upstream: 'claude-sonnet-4-6', source: 'custom-wildcard' });
    expect(resolveModelRoute('gpt-3.5-turbo', custom)).toEqual({ requested: 'gpt-3.5-turbo', upstream: 'gemini-2.5-flash', source: 'built-in' });
    expect(resolveModelRoute('my-model', custom)).toEqual({ requested: 'my-model', upstream: 'gemini-3-flash', source: 'custom-wildcard' });
    expect(resolveModelRoute('mistral-large', custom)).toEqual({ requested: 'mistral-large', upstream: 'mistral-large', source: 'passthrough' });
  });

  it('lets a custom wildcard beat a built-in exact name', () => {
    expect(resolveModelRoute('gemini-3-pro', { 'gemini-*': 'gemini-2.5-pro' })).toMatchObject({ upstream: 'gemini-2.5-pro', source: 'custom-wildcard' });
  });

  it('strips a leading models/', () => {
    expect(resolveModelRoute('models/gemini-3-pro', {})).toEqual({ requested: 'gemini-3-pro', upstream: 'gemini-3.1-pro-preview', source: 'built-in' });
    expect(resolveModelRoute('models/custom', { custom: 'gemini-2.5-pro' })).toMatchObject({ upstream: 'gemini-2.5-pro', source: 'custom-exact' });
  });

  it.each([
    ['claude-opus-4-6', 'claude-opus-4-6-thinking'],
    ['claude-opus-4-5-20251101', 'claude-opus-4-6-thinking'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-6'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4-6'],
    ['claude-sonnet-4-6-thinking', 'claude-sonnet-4-6-thinking'],
    ['claude-3-5-sonnet-20241022', 'claude-sonnet-4-6'],
    ['claude-3-7-sonnet-latest', 'claude-sonnet-4-6'],
    ['claude-haiku-4-5-20251001', 'claude-sonnet-4-6'],
    ['claude-3-5-haiku-20241022', 'claude-sonnet-4-6'],
    ['gpt-4o', 'gemini-2.5-flash'],
    ['gpt-4.1-mini', 'gemini-2.5-flash'],
    ['gpt-5', 'gemini-2.5-pro'],
    ['gpt-5-mini', 'gemini-2.5-flash'],
    ['o3', 'gemini-2.5-pro'],
    ['o3-mini', 'gemini-2.5-flash'],
    ['o4-mini', 'gemini-2.5-flash'],
    ['gemini-3-pro', 'gemini-3.1-pro-preview'],
    ['gemini-3.1-pro', 'gemini-3.1-pro-preview'],
    ['gemini-3-pro-high', 'gemini-3-pro-high'],
    ['gemini-3-pro-image-4k-16x9', 'gemini-3-pro-image'],
    ['gemini-2.5-flash-lite', 'gemini-2.5-flash'],
  ])('maps %s to %s', (requested, upstream) => {
    expect(resolveModelRoute(requested, {}).upstream).toBe(upstream);
  });

  it('maps every upstream model to itself', () => {
    for (const model of UPSTREAM_MODELS) expect(resolveModelRoute(model, {})).toEqual({ requested: model, upstream: model, source: 'built-in' });
  });

  it('only maps built-in targets onto served models', () => {
    for (const target of Object.values(BUILT_IN_MODEL_MAP)) expect(UPSTREAM_MODELS).toContain(target);
  });

  it('is case-sensitive', () => {
    expect(resolveModelRoute('GPT-4o', { 'gpt-*': 'gemini-3-flash' })).toMatchObject({ upstream: 'GPT-4o', source: 'passthrough' });
  });

  it('ignores empty targets and inherited names', () => {
    expect(resolveModelRoute('gpt-4o', { 'gpt-4o': '' })).toMatchObject({ upstream: 'gemini-2.5-flash', source: 'built-in' });
    expect(resolveModelRoute('constructor', {})).toEqual({ requested: 'constructor', upstream: 'constructor', source: 'passthrough' });
    expect(resolveModelRoute('__proto__', {})).toMatchObject({ source: 'passthrough' });
  });

  it('picks the same wildcard whatever the insertion order of custom_mapping', () => {
    const entries: Array<[string, string]> = [
      ['claude-*', 'target-a'],
      ['claude-*-4*', 'target-b'],
      ['claude-opus-*', 'target-c'],
      ['*-opus-*', 'target-d'],
      ['claude-opu*-4', 'target-e'],
      ['claude-opus-4*', 'target-f'], // 13 literal characters, like the next two
      ['claude-*opus-4', 'target-g'],
      ['claude-op*us-4', 'target-h'],
      ['*', 'target-i'],
    ];
    const names = ['claude-opus-4', 'claude-opus-4-6', 'claude-sonnet-4', 'claude-x', 'gpt-4o', 'opus-x-opus-1'];
    const expected = names.map((name) => resolveModelRoute(name, Object.fromEntries(entries)));
    // claude-opus-4 matches f, g, h with 13 literals each and equal length: code-unit order picks 'claude-*opus-4'.
    expect(expected[0]).toMatchObject({ upstream: 'target-g', source: 'custom-wildcard' });
    expect(expected[1]).toMatchObject({ upstream: 'target-f' });
    expect(expected[4]).toMatchObject({ upstream: 'target-i' });

    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let round = 0; round < 20; round += 1) {
      const shuffled = [...entries];
      for (let index = shuffled.length - 1; index > 0; index -= 1) {
        const other = Math.floor(random() * (index + 1));
        [shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]];
      }
      const mapping = Object.fromEntries(shuffled);
      expect(names.map((name) => resolveModelRoute(name, mapping))).toEqual(expected);
    }
  });
});
