import { describe, expect, it } from 'vitest';
import type { GeminiTool } from '../../protocols/gemini/gemini-api.js';
import { findSimulatedModel } from '../simulated-models.js';
import { refuseSearchWithFunctions } from './refuse-search-with-functions.js';

const check = (tools: GeminiTool[]) =>
  refuseSearchWithFunctions.check({ envelope: {}, request: { contents: [{ role: 'user', parts: [{ text: 'q' }] }], tools }, model: findSimulatedModel('gemini-3-flash')!, headers: {} })?.body.error;

describe('refuseSearchWithFunctions', () => {
  it('takes search alone and functions alone', () => {
    expect(check([{ googleSearch: {} }])).toBeUndefined();
    expect(check([{ functionDeclarations: [{ name: 'f' }] }])).toBeUndefined();
    expect(check([{ googleSearch: {} }, { functionDeclarations: [] }])).toBeUndefined();
  });

  it('refuses search next to function declarations, in one tool or two', () => {
    for (const tools of [[{ googleSearch: {} }, { functionDeclarations: [{ name: 'f' }] }], [{ googleSearch: {}, functionDeclarations: [{ name: 'f' }] }]]) {
      expect(check(tools)).toEqual({ code: 400, message: 'Multiple tools are supported only when they are all search tools.', status: 'INVALID_ARGUMENT' });
    }
  });
});
