import { describe, it, expect } from 'vitest';
import { resolveModelRoute } from './resolve-model-route.js';

describe('resolveModelRoute', () => {
  it('follows the precedence custom exact → custom wildcard → the client name', () => {
    const custom = { 'gpt-4o': 'gemini-3.1-pro-low', 'gpt-4*': 'claude-sonnet-4-6', 'my-*': 'gemini-3-flash' };
    expect(resolveModelRoute('gpt-4o', custom)).toEqual({ requested: 'gpt-4o', target: 'gemini-3.1-pro-low', source: 'custom-exact', family: 'gemini-pro' });
    expect(resolveModelRoute('gpt-4o-mini', custom)).toEqual({ requested: 'gpt-4o-mini', target: 'claude-sonnet-4-6', source: 'custom-wildcard', family: 'claude-sonnet' });
    expect(resolveModelRoute('my-model', custom)).toEqual({ requested: 'my-model', target: 'gemini-3-flash', source: 'custom-wildcard', family: 'gemini-flash' });
    expect(resolveModelRoute('gpt-3.5-turbo', custom)).toEqual({ requested: 'gpt-3.5-turbo', target: 'gpt-3.5-turbo', source: 'client', family: 'gemini-flash' });
    expect(resolveModelRoute('mistral-large', custom)).toEqual({ requested: 'mistral-large', target: 'mistral-large', source: 'client' });
  });

  it('lets a custom wildcard beat a built-in family', () => {
    expect(resolveModelRoute('gemini-3-pro', { 'gemini-*': 'claude-opus-4-6-thinking' })).toMatchObject({ target: 'claude-opus-4-6-thinking', family: 'claude-opus' });
  });

  it('strips a leading models/', () => {
    expect(resolveModelRoute('models/gemini-3-pro', {})).toMatchObject({ requested: 'gemini-3-pro', target: 'gemini-3-pro', family: 'gemini-pro' });
    expect(resolveModelRoute('models/custom', { custom: 'gemini-3-flash' })).toMatchObject({ target: 'gemini-3-flash', source: 'custom-exact' });
  });

  it('is case-sensitive for custom keys', () => {
    expect(resolveModelRoute('GPT-4o', { 'gpt-*': 'gemini-3-flash' })).toMatchObject({ target: 'GPT-4o', source: 'client' });
  });

  it('ignores empty targets and inherited names', () => {
    expect(resolveModelRoute('gpt-4o', { 'gpt-4o': '' })).toMatchObject({ target: 'gpt-4o', source: 'client' });
    expect(resolveModelRoute('gpt-4o', { 'gpt-4o': '   ' })).toMatchObject({ source: 'client' });
    expect(resolveModelRoute('constructor', {})).toEqual({ requested: 'constructor', target: 'constructor', source: 'client' });
    expect(resolveModelRoute('__proto__', {})).toMatchObject({ source: 'client' });
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
    expect(expected[0]).toMatchObject({ target: 'target-g', source: 'custom-wildcard' });
    expect(expected[1]).toMatchObject({ target: 'target-f' });
    expect(expected[4]).toMatchObject({ target: 'target-i' });

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
