import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './exceeds-json-depth.js';

function nestObjects(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

describe('exceedsJsonDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(exceedsJsonDepth('text', 0)).toBe(false);
    expect(exceedsJsonDepth(null, 0)).toBe(false);
    expect(exceedsJsonDepth({}, 0)).toBe(true);
    expect(exceedsJsonDepth({}, 1)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(exceedsJsonDepth({ a: [1, { b: [] }] }, 4)).toBe(false);
  });

  it('accepts the default limit and refuses one level more', () => {
    expect(MAX_JSON_DEPTH).toBe(100);
    expect(exceedsJsonDepth(nestObjects(100))).toBe(false);
    expect(exceedsJsonDepth(nestObjects(101))).toBe(true);
  });

  it('measures a value far deeper than the call stack without overflowing it', () => {
    expect(exceedsJsonDepth(nestObjects(200_000), 150_000)).toBe(true);
  });
});
