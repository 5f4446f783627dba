import { describe, expect, it } from 'vitest';
import { convertGeminiFunctionCallToOpenAI } from './convert-gemini-function-call-to-openai.js';

describe('convertGeminiFunctionCallToOpenAI', () => {
  it('keeps the id, serialises the arguments and carries the thought signature', () => {
    expect(
      convertGeminiFunctionCallToOpenAI({ functionCall: { name: 'f', args: { a: [1, 'x'] }, id: 'fc-1' }, thoughtSignature: 'sig' }, 3),
    ).toEqual({
      id: 'fc-1',
      type: 'function',
      function: { name: 'f', arguments: '{"a":[1,"x"]}' },
      extra_content: { google: { thought_signature: 'sig' } },
    });
  });

  it('names calls without an id by their index and sends {} for missing arguments', () => {
    expect(convertGeminiFunctionCallToOpenAI({ functionCall: { name: 'g' } }, 2)).toEqual({
      id: 'call_2',
      type: 'function',
      function: { name: 'g', arguments: '{}' },
    });
  });
});
