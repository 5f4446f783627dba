import { describe, expect, it } from 'vitest';
import { measureJsonDepth } from './measure-json-depth.js';

describe('measureJsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(measureJsonDepth('1')).toBe(0);
    expect(measureJsonDepth('"text"')).toBe(0);
    expect(measureJsonDepth('{}')).toBe(1);
    expect(measureJsonDepth('{"a":[1,{"b":[]}],"c":{}}')).toBe(4);
    expect(measureJsonDepth('[[[]],[[[]]]]')).toBe(4);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(measureJsonDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(measureJsonDepth('{"a":"\\"[[[","b":"\\\\"}')).toBe(1);
    expect(measureJsonDepth('["\\\\",[["]]]]"]]]')).toBe(3);
  });

  it('stops as soon as the limit is passed', () => {
    const hostile = '['.repeat(1_000_000);
    expect(measureJsonDepth(hostile, 500)).toBe(501);
    expect(measureJsonDepth(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toBe(10_000);
  });

  it('measures invalid JSON as far as it goes', () => {
    expect(measureJsonDepth('{"a":[')).toBe(2);
    expect(measureJsonDepth(']]]{')).toBe(0);
    expect(measureJsonDepth('"unterminated [[[')).toBe(0);
  });
});
