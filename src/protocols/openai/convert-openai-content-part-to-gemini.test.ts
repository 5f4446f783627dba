import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiPart } from '../gemini/gemini-api.js';
import { convertOpenAIContentPartToGemini } from './convert-openai-content-part-to-gemini.js';
import type { OpenAIUserContentPart } from './openai-chat-api.js';

describe('convertOpenAIContentPartToGemini', () => {
  const cases: Array<[string, OpenAIUserContentPart, GeminiPart | undefined]> = [
    ['text', { type: 'text', text: 'hi' }, { text: 'hi' }],
    ['empty text', { type: 'text', text: '' }, undefined],
    [
      'base64 data URL with parameters',
      { type: 'image_url', image_url: { url: 'data:image/JPEG;name=a.jpg;base64,/9j/4A==' } },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4A==' } },
    ],
    [
      'percent-encoded data URL',
      { type: 'image_url', image_url: 'data:image/svg+xml,%3Csvg%2F%3E' },
      { inlineData: { mimeType: 'image/svg+xml', data: Buffer.from('<svg/>').toString('base64') } },
    ],
    [
      'https image with a known extension',
      { type: 'image_url', image_url: { url: 'https://x.test/p/photo.jpeg#frag' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://x.test/p/photo.jpeg#frag' } },
    ],
    [
      'http image without an extension defaults to JPEG',
      { type: 'image_url', image_url: { url: 'http://x.test/image' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'http://x.test/image' } },
    ],
    [
      'an extension named like an Object property is not a MIME type',
      { type: 'image_url', image_url: { url: 'http://x.test/a.constructor' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'http://x.test/a.constructor' } },
    ],
    [
      'gs:// video',
      { type: 'image_url', image_url: { url: 'gs://bucket/clip.mp4' } },
      { fileData: { mimeType: 'video/mp4', fileUri: 'gs://bucket/clip.mp4' } },
    ],
    [
      'audio format',
      { type: 'input_audio', input_audio: { data: 'SUQz', format: 'MP3' } },
      { inlineData: { mimeType: 'audio/mp3', data: 'SUQz' } },
    ],
    [
      'file as bare base64 typed by its name',
      { type: 'file', file: { file_data: 'aGVsbG8=', filename: 'notes.txt' } },
      { inlineData: { mimeType: 'text/plain', data: 'aGVsbG8=' } },
    ],
  ];

  it.each(cases)('%s', (_name, part, expected) => {
    expect(convertOpenAIContentPartToGemini(part, 'messages[0].content[0]')).toEqual(expected);
  });

  const failures: Array<[string, OpenAIUserContentPart, string]> = [
    ['data URL without a comma', { type: 'image_url', image_url: 'data:image/png;base64' }, 'messages[0].content[0].image_url.url: malformed data URL (no comma)'],
    ['data URL with a bad media type', { type: 'image_url', image_url: 'data:png;base64,AA' }, 'messages[0].content[0].image_url.url: malformed data URL media type'],
    ['data URL with bad percent-encoding', { type: 'image_url', image_url: 'data:text/plain,%E0%A4%A' }, 'messages[0].content[0].image_url.url: malformed data URL (bad percent-encoding)'],
    ['relative URL', { type: 'image_url', image_url: '/a.png' }, 'messages[0].content[0].image_url.url: must be a data: URL or an http(s) URL'],
    ['uploaded file id', { type: 'file', file: { file_id: 'file-abc' } }, 'messages[0].content[0].file.file_data: is required (uploaded file ids are not supported)'],
  ];

  it.each(failures)('rejects %s', (_name, part, message) => {
    expect(() => convertOpenAIContentPartToGemini(part, 'messages[0].content[0]')).toThrow(new GatewayError('INVALID_REQUEST', message));
  });
});
