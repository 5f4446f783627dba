import { describe, it, expect } from 'vitest';
import { splitGeminiModelAction } from './split-gemini-model-action.js';

describe('splitGeminiModelAction', () => {
  it.each([
    ['gemini-2.5-flash:streamGenerateContent', { model: 'gemini-2.5-flash', action: 'streamGenerateContent' }],
    ['gemini-2.5-flash:generateContent', { model: 'gemini-2.5-flash', action: 'generateContent' }],
    ['models/gemini-3-pro-high:countTokens', { model: 'gemini-3-pro-high', action: 'countTokens' }],
    ['tuned:model:v2:generateContent', { model: 'tuned:model:v2', action: 'generateContent' }],
    ['gemini-3.1-pro-preview:generateContent', { model: 'gemini-3.1-pro-preview', action: 'generateContent' }],
  ])('splits %s', (path, expected) => {
    expect(splitGeminiModelAction(path)).toEqual(expected);
  });

  it.each([
    'gemini-2.5-flash',
    'gemini-2.5-flash:embedContent',
    'gemini-2.5-flash:',
    ':generateContent',
    'models/:generateContent',
    'gemini-2.5-flash:GenerateContent',
    '',
  ])('returns null for %j', (path) => {
    expect(splitGeminiModelAction(path)).toBeNull();
  });
});
