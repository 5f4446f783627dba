import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { convertResponsesContentPartToGemini } from './convert-responses-content-part-to-gemini.js';

const path = 'input[0].content[1]';

describe('convertResponsesContentPartToGemini', () => {
  it('converts text parts and leaves out empty ones', () => {
    expect(convertResponsesContentPartToGemini({ type: 'input_text', text: 'hi' }, path)).toEqual({ text: 'hi' });
    expect(convertResponsesContentPartToGemini({ type: 'output_text', text: 'said' }, path)).toEqual({ text: 'said' });
    expect(convertResponsesContentPartToGemini({ type: 'refusal', refusal: 'no' }, path)).toEqual({ text: 'no' });
    expect(convertResponsesContentPartToGemini({ type: 'input_text', text: '' }, path)).toBeUndefined();
  });

  it('converts images from data URLs inline and http(s) URLs by reference', () => {
    expect(convertResponsesContentPartToGemini({ type: 'input_image', image_url: 'data:image/PNG;base64,AAAA', detail: 'auto' }, path)).toEqual({
      inlineData: { mimeType: 'image/png', data: 'AAAA' },
    });
    expect(convertResponsesContentPartToGemini({ type: 'input_image', image_url: 'https://example.com/cat.webp?x=1' }, path)).toEqual({
      fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?x=1' },
    });
    expect(convertResponsesContentPartToGemini({ type: 'input_image', image_url: 'https://example.com/cat' }, path)).toEqual({
      fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat' },
    });
    // A data URL without base64 is percent-decoded and re-encoded.
    expect(convertResponsesContentPartToGemini({ type: 'input_image', image_url: 'data:text/plain,hello%20world' }, path)).toEqual({
      inlineData: { mimeType: 'text/plain', data: Buffer.from('hello world').toString('base64') },
    });
  });

  it('converts files from base64, data URLs and URLs', () => {
    expect(convertResponsesContentPartToGemini({ type: 'input_file', file_data: 'JVBER', filename: 'a.pdf' }, path)).toEqual({
      inlineData: { mimeType: 'application/pdf', data: 'JVBER' },
    });
    expect(convertResponsesContentPartToGemini({ type: 'input_file', file_data: 'data:text/csv;base64,YQ==' }, path)).toEqual({
      inlineData: { mimeType: 'text/csv', data: 'YQ==' },
    });
    expect(convertResponsesContentPartToGemini({ type: 'input_file', file_url: 'https://example.com/r.pdf' }, path)).toEqual({
      fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/r.pdf' },
    });
    expect(convertResponsesContentPartToGemini({ type: 'input_audio', input_audio: { data: 'UklG', format: 'WAV' } }, path)).toEqual({
      inlineData: { mimeType: 'audio/wav', data: 'UklG' },
    });
  });

  it('refuses what it cannot represent, naming the field', () => {
    const refusal = (part: Parameters<typeof convertResponsesContentPartToGemini>[0]) => () => convertResponsesContentPartToGemini(part, path);
    expect(refusal({ type: 'input_image', file_id: 'file_1' })).toThrow(
      new GatewayError('INVALID_REQUEST', `${path}.file_id: uploaded files are not supported (agt stores no files); send the data inline`),
    );
    expect(refusal({ type: 'input_image' })).toThrow(new GatewayError('INVALID_REQUEST', `${path}.image_url: is required (a data: URL or an http(s) URL)`));
    expect(refusal({ type: 'input_image', image_url: 'ftp://x/a.png' })).toThrow(
      new GatewayError('INVALID_REQUEST', `${path}.image_url: must be a data: URL or an http(s) URL`),
    );
    expect(refusal({ type: 'input_image', image_url: 'data:image/png;base64' })).toThrow(
      new GatewayError('INVALID_REQUEST', `${path}.image_url: malformed data URL (no comma)`),
    );
    expect(refusal({ type: 'input_image', image_url: 'data:not a type,x' })).toThrow(
      new GatewayError('INVALID_REQUEST', `${path}.image_url: malformed data URL media type`),
    );
    expect(refusal({ type: 'input_image', image_url: 'data:text/plain,%E0%A4%A' })).toThrow(
      new GatewayError('INVALID_REQUEST', `${path}.image_url: malformed data URL (bad percent-encoding)`),
    );
    expect(refusal({ type: 'input_file', file_id: 'file_1' })).toThrow(GatewayError);
    expect(refusal({ type: 'input_file' })).toThrow(new GatewayError('INVALID_REQUEST', `${path}.file_data: is required (base64 data or a data: URL)`));
  });
});
