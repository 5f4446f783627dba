import { describe, expect, it } from 'vitest';
import {
  convertGeminiResponseToOpenAIImages,
  convertOpenAIImageRequestToGemini,
  mapOpenAIImageQualityToSize,
  mapOpenAIImageSizeToAspectRatio,
  parseOpenAIImageEditForm,
  parseOpenAIImageRequest,
} from './index.js';

describe('OpenAI images', () => {
  it('maps sizes to the nearest supported aspect ratio', () => {
    expect(mapOpenAIImageSizeToAspectRatio('1024x1024')).toBe('1:1');
    expect(mapOpenAIImageSizeToAspectRatio('1792x1024')).toBe('16:9');
    expect(mapOpenAIImageSizeToAspectRatio('1024x1792')).toBe('9:16');
    expect(mapOpenAIImageSizeToAspectRatio('1536x1024')).toBe('3:2');
    expect(mapOpenAIImageSizeToAspectRatio('1024x1536')).toBe('2:3');
    expect(mapOpenAIImageSizeToAspectRatio('2560x1080')).toBe('21:9');
    expect(mapOpenAIImageSizeToAspectRatio('16:9')).toBe('16:9');
    expect(mapOpenAIImageSizeToAspectRatio('auto')).toBeUndefined();
    expect(mapOpenAIImageSizeToAspectRatio('1000x100')).toBeUndefined();
    expect(mapOpenAIImageSizeToAspectRatio('big')).toBeUndefined();
  });

  it('maps quality to an image size', () => {
    expect(mapOpenAIImageQualityToSize('hd')).toBe('4K');
    expect(mapOpenAIImageQualityToSize('high')).toBe('4K');
    expect(mapOpenAIImageQualityToSize('medium')).toBe('2K');
    expect(mapOpenAIImageQualityToSize('standard')).toBe('1K');
    expect(mapOpenAIImageQualityToSize('auto')).toBeUndefined();
  });

  it('converts a request, with defaults', () => {
    expect(convertOpenAIImageRequestToGemini(parseOpenAIImageRequest({ prompt: 'a cat' }))).toEqual({
      model: 'gemini-3-pro-image',
      request: { contents: [{ role: 'user', parts: [{ text: 'a cat' }] }] },
      count: 1,
      responseFormat: 'b64_json',
    });
    const converted = convertOpenAIImageRequestToGemini(
      parseOpenAIImageRequest({ prompt: 'a cat', model: 'dall-e-3', n: 2, size: '1792x1024', quality: 'hd', response_format: 'url', style: 'vivid' }),
    );
    expect(converted).toMatchObject({ model: 'dall-e-3', count: 2, responseFormat: 'url' });
    expect(converted.request.generationConfig).toEqual({ imageConfig: { aspectRatio: '16:9', imageSize: '4K' } });
  });

  it('refuses malformed requests naming the field', () => {
    expect(() => parseOpenAIImageRequest({})).toThrow(/prompt/);
    expect(() => parseOpenAIImageRequest({ prompt: 'x', n: 11 })).toThrow(/n: must be between 1 and 10/);
    expect(() => parseOpenAIImageRequest({ prompt: 'x', response_format: 'file' })).toThrow(/response_format/);
    expect(() => parseOpenAIImageRequest({ prompt: 'x', stream: true })).toThrow(/stream/);
  });

  it('turns inline images into b64_json or data URLs', () => {
    const response = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'thinking', thought: true },
              { text: 'A cat on a mat.' },
              { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
            ],
          },
        },
      ],
    };
    expect(convertGeminiResponseToOpenAIImages(response, 'b64_json')).toEqual([{ b64_json: 'AAAA', revised_prompt: 'A cat on a mat.' }]);
    expect(convertGeminiResponseToOpenAIImages(response, 'url')).toEqual([{ url: 'data:image/png;base64,AAAA', revised_prompt: 'A cat on a mat.' }]);
    expect(convertGeminiResponseToOpenAIImages({ candidates: [] }, 'b64_json')).toEqual([]);
  });
});

describe('OpenAI image edits', () => {
  const png = new Uint8Array(Buffer.from('iVBORw0KGgo=', 'base64'));

  it('reads the multipart form: pictures, mask and fields', async () => {
    const form = new FormData();
    form.append('prompt', 'Add a hat');
    form.append('n', '2');
    form.append('size', '1024x1536');
    form.append('image[]', new Blob([png], { type: 'image/png' }), 'a.png');
    form.append('image[]', new Blob([png]), 'b.png');
    form.append('mask', new Blob([png], { type: 'image/png' }), 'mask.png');
    const edit = await parseOpenAIImageEditForm(form);
    expect(edit.images).toHaveLength(2);
    expect(edit.images[1]).toEqual({ mimeType: 'image/png', data: Buffer.from(png).toString('base64') });
    const converted = convertOpenAIImageRequestToGemini(edit.body, edit);
    expect(converted.count).toBe(2);
    expect(converted.request.contents[0]?.parts.map((part) => (part.inlineData ? 'image' : part.text))).toEqual([
      'image',
      'image',
      'The next image is a mask: change only the areas where it is transparent.',
      'image',
      'Add a hat',
    ]);
    expect(converted.request.generationConfig).toEqual({ imageConfig: { aspectRatio: '2:3' } });
  });

  it('refuses a form without a picture or a prompt', async () => {
    const noImage = new FormData();
    noImage.append('prompt', 'x');
    await expect(parseOpenAIImageEditForm(noImage)).rejects.toThrow(/image: at least one image/);
    const noPrompt = new FormData();
    noPrompt.append('image', new Blob([png]), 'a.png');
    await expect(parseOpenAIImageEditForm(noPrompt)).rejects.toThrow(/prompt/);
  });
});
