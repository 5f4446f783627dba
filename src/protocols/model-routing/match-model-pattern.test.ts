import { describe, it, expect } from 'vitest';
import { compareModelPatternSpecificity, matchModelPattern } from './match-model-pattern.js';

describe('matchModelPattern', () => {
  it.each([
    ['gpt-4*', 'gpt-4', true],
    ['gpt-4*', 'gpt-4o-mini', true],
    ['gpt-4*', 'gpt-3.5', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'x', false],
    ['claude-*-4-*', 'claude-opus-4-6', true],
    ['claude-*-4-*', 'claude-opus-4', false],
    ['*-thinking', 'claude-sonnet-4-6-thinking', true],
    ['*-thinking', 'claude-sonnet-4-6-thinking-x', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['a**b', 'ab', true],
    ['GPT-4*', 'gpt-4o', false],
    ['gpt-4.1', 'gpt-441', false],
    ['gpt-?', 'gpt-4', false],
  ])('%j against %j → %s', (pattern, name, expected) => {
    expect(matchModelPattern(pattern, name)).toBe(expected);
  });

  it('stays fast on patterns that make regular expressions backtrack', () => {
    const started = performance.now();
    expect(matchModelPattern('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('compareModelPatternSpecificity', () => {
  it('orders by literal characters, then length, then code units', () => {
    const patterns = ['*', 'gpt-*', 'gpt-4*', 'gpt-4**', 'g*t-4*', 'gpt-4o*', 'gpt-4*o', 'gpt-4o*'];
    expect([...patterns].sort(compareModelPatternSpecificity)).toEqual(['gpt-4*o', 'gpt-4o*', 'gpt-4o*', 'gpt-4**', 'gpt-4*', 'g*t-4*', 'gpt-*', '*']);
  });
});
