import { describe, expect, it } from 'vitest';
import { convertToolOutputToGemini } from './convert-tool-output-to-gemini.js';

describe('convertToolOutputToGemini', () => {
  it('passes a JSON object output through and wraps anything else as content', () => {
    expect(convertToolOutputToGemini('{"exit_code":0,"stdout":"ok"}', 'p')).toEqual({ response: { result: { exit_code: 0, stdout: 'ok' } }, mediaParts: [] });
    expect(convertToolOutputToGemini('plain text', 'p').response).toEqual({ result: { content: 'plain text' } });
    expect(convertToolOutputToGemini('[1,2]', 'p').response).toEqual({ result: { content: '[1,2]' } });
    expect(convertToolOutputToGemini('', 'p').response).toEqual({ result: { content: '' } });
    const deep = `${'{"a":'.repeat(150)}1${'}'.repeat(150)}`;
    expect(convertToolOutputToGemini(deep, 'p').response).toEqual({ result: { content: deep } });
  });

  it('joins the text of an array output and keeps its images as media parts', () => {
    expect(
      convertToolOutputToGemini(
        [
          { type: 'input_text', text: '{"a":' },
          { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/' },
          { type: 'input_text', text: '1}' },
          { type: 'input_file', file_data: 'JVBER', filename: 'r.pdf' },
        ],
        'p',
      ),
    ).toEqual({
      response: { result: { a: 1 } },
      mediaParts: [{ inlineData: { mimeType: 'image/jpeg', data: '/9j/' } }, { inlineData: { mimeType: 'application/pdf', data: 'JVBER' } }],
    });
  });

  it('names the part it cannot represent', () => {
    expect(() => convertToolOutputToGemini([{ type: 'input_image', file_id: 'file_1' }], 'input[3].output')).toThrow(/^input\[3\]\.output\[0\]\.file_id: /);
  });
});
