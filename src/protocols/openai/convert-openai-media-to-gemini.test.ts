import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import {
  convertOpenAIFileDataToGemini,
  convertOpenAIInputAudioToGemini,
  convertOpenAIMediaUrlToGemini,
  guessMimeType,
  MEDIA_MIME_TYPES_BY_EXTENSION,
} from './convert-openai-media-to-gemini.js';

const table = MEDIA_MIME_TYPES_BY_EXTENSION;

describe('convertOpenAIMediaUrlToGemini', () => {
  it('inlines data: URLs and references http(s) and gs:// URLs, typed from the given table', () => {
    expect(convertOpenAIMediaUrlToGemini('data:image/png;base64,AAAA', 'p', 'image/jpeg', table)).toEqual({
      inlineData: { mimeType: 'image/png', data: 'AAAA' },
    });
    expect(convertOpenAIMediaUrlToGemini('gs://b/clip.MP4', 'p', 'image/jpeg', table)).toEqual({
      fileData: { mimeType: 'video/mp4', fileUri: 'gs://b/clip.MP4' },
    });
    // An extension missing from the table falls back.
    expect(convertOpenAIMediaUrlToGemini('https://x.test/a.ogg', 'p', 'image/jpeg', table)).toEqual({
      fileData: { mimeType: 'image/jpeg', fileUri: 'https://x.test/a.ogg' },
    });
    expect(convertOpenAIMediaUrlToGemini('https://x.test/a.ogg', 'p', 'image/jpeg', new Map([['ogg', 'audio/ogg']]))).toEqual({
      fileData: { mimeType: 'audio/ogg', fileUri: 'https://x.test/a.ogg' },
    });
  });

  it('refuses other URLs and malformed data: URLs, naming the path', () => {
    expect(() => convertOpenAIMediaUrlToGemini('ftp://x/a.png', 'p', 'image/jpeg', table)).toThrow(
      new GatewayError('INVALID_REQUEST', 'p: must be a data: URL or an http(s) URL'),
    );
    expect(() => convertOpenAIMediaUrlToGemini('data:png;base64,AA', 'p', 'image/jpeg', table)).toThrow(
      new GatewayError('INVALID_REQUEST', 'p: malformed data URL media type'),
    );
  });
});

describe('convertOpenAIFileDataToGemini', () => {
  it('reads data: URLs and types bare base64 by the file name, PDF when it does not tell', () => {
    expect(convertOpenAIFileDataToGemini('data:,a%20b', undefined, 'p', table)).toEqual({
      inlineData: { mimeType: 'text/plain', data: Buffer.from('a b').toString('base64') },
    });
    expect(convertOpenAIFileDataToGemini('YQ==', 'data.csv', 'p', table)).toEqual({ inlineData: { mimeType: 'text/csv', data: 'YQ==' } });
    expect(convertOpenAIFileDataToGemini('JVBER', undefined, 'p', table)).toEqual({ inlineData: { mimeType: 'application/pdf', data: 'JVBER' } });
  });
});

describe('convertOpenAIInputAudioToGemini', () => {
  it('lower-cases the format into an audio MIME type', () => {
    expect(convertOpenAIInputAudioToGemini({ data: 'SUQz', format: 'MP3' })).toEqual({ inlineData: { mimeType: 'audio/mp3', data: 'SUQz' } });
  });
});

describe('guessMimeType', () => {
  it('ignores query and fragment and does not read Object properties', () => {
    expect(guessMimeType('https://x.test/a.JPG?v=1#top', table)).toBe('image/jpeg');
    expect(guessMimeType('a.constructor', table)).toBeUndefined();
    expect(guessMimeType('no-extension', table)).toBeUndefined();
  });
});
