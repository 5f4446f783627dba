import { describe, expect, it } from 'vitest';
import { buildFunctionCallArgs } from './build-function-call-args.js';

describe('buildFunctionCallArgs', () => {
  it('fills every property when none is required', () => {
    const schema = {
      type: 'object',
      properties: {
        text: { type: 'string' },
        count: { type: 'number' },
        flag: { type: 'boolean' },
        list: { type: 'array', items: { type: 'string' } },
        nested: { type: 'object' },
        maybe: { type: ['string', 'null'] },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
    };
    expect(buildFunctionCallArgs(schema)).toEqual({
      text: 'sim',
      count: 1,
      flag: true,
      list: [],
      nested: {},
      maybe: 'sim',
      unit: 'celsius',
    });
  });

  it('fills only the required properties when some are required', () => {
    const schema = { properties: { a: { type: 'INTEGER' }, b: { type: 'STRING' } }, required: ['a'] };
    expect(buildFunctionCallArgs(schema)).toEqual({ a: 1 });
  });

  it('returns {} without a usable schema', () => {
    expect(buildFunctionCallArgs(undefined)).toEqual({});
    expect(buildFunctionCallArgs({ type: 'object' })).toEqual({});
  });
});
