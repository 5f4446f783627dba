import { describe, expect, it } from 'vitest';
import { isImageModel, parseImageModelName } from './parse-image-model-name.js';

describe('parseImageModelName', () => {
  it('recognises image models', () => {
    expect(isImageModel('gemini-3-pro-image')).toBe(true);
    expect(isImageModel('gemini-3.1-flash-image-16x9')).toBe(true);
    expect(isImageModel('gemini-3-flash')).toBe(false);
    expect(parseImageModelName('claude-sonnet-4-6')).toBeUndefined();
  });

  it('reads ratio and size suffixes in either order', () => {
    expect(parseImageModelName('gemini-3-pro-image')).toEqual({ model: 'gemini-3-pro-image' });
    expect(parseImageModelName('gemini-3-pro-image-16x9-4k')).toEqual({ model: 'gemini-3-pro-image', aspectRatio: '16:9', imageSize: '4K' });
    expect(parseImageModelName('gemini-3-pro-image-2k-9x16')).toEqual({ model: 'gemini-3-pro-image', aspectRatio: '9:16', imageSize: '2K' });
    expect(parseImageModelName('gemini-3.1-flash-image-21-9')).toEqual({ model: 'gemini-3.1-flash-image', aspectRatio: '21:9' });
    expect(parseImageModelName('gemini-3-pro-image-7x3')).toEqual({ model: 'gemini-3-pro-image-7x3' });
  });
});
