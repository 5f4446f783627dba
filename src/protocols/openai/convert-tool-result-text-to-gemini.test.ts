import { describe, expect, it } from 'vitest';
import { convertToolResultTextToGemini } from './convert-tool-result-text-to-gemini.js';

describe('convertToolResultTextToGemini', () => {
  it('passes a JSON object on as it is', () => {
    expect(convertToolResultTextToGemini('{"files":["a","b"],"ok":true}')).toEqual({ files: ['a', 'b'], ok: true });
  });

  it('wraps text, other JSON values and objects nested too deep as content', () => {
    expect(convertToolResultTextToGemini('done')).toEqual({ content: 'done' });
    expect(convertToolResultTextToGemini('')).toEqual({ content: '' });
    expect(convertToolResultTextToGemini('[1,2]')).toEqual({ content: '[1,2]' });
    expect(convertToolResultTextToGemini('null')).toEqual({ content: 'null' });
    const deep = `${'{"a":'.repeat(101)}1${'}'.repeat(101)}`;
    expect(convertToolResultTextToGemini(deep)).toEqual({ content: deep });
  });
});
