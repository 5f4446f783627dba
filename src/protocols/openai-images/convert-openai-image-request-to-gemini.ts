import type { GeminiPart, GeminiRequest } from '../gemini/gemini-api.js';
import { mapOpenAIImageQualityToSize, mapOpenAIImageSizeToAspectRatio } from './map-openai-image-size.js';
import type { OpenAIImageRequest } from './openai-images-api.js';
import type { OpenAIImageEditRequest } from './parse-openai-image-edit-form.js';

/** The image model asked when the client names none (Antigravity Tools' default too). */
export const DEFAULT_IMAGE_MODEL = 'gemini-3-pro-image';

export interface ConvertedImageRequest {
  /** The client's model name, or the default image model. */
  model: string;
  request: GeminiRequest;
  /** How many images: one upstream request each. */
  count: number;
  responseFormat: 'b64_json' | 'url';
}

/**
 * An OpenAI image request (a generation, or an edit with its pictures) as the Gemini request for one image: the
 * pictures and the prompt as the user turn, `size` → aspect ratio,
 * `quality` → image size, in `generationConfig.imageConfig`. The upstream pass `convert-image-generation-request`
 * makes it an `image_gen` request of the image model.
 */
export function convertOpenAIImageRequestToGemini(body: OpenAIImageRequest, pictures?: Omit<OpenAIImageEditRequest, 'body'>): ConvertedImageRequest {
  const imageConfig: Record<string, string> = {};
  const aspectRatio = mapOpenAIImageSizeToAspectRatio(body.size);
  if (aspectRatio !== undefined) imageConfig.aspectRatio = aspectRatio;
  const imageSize = mapOpenAIImageQualityToSize(body.quality);
  if (imageSize !== undefined) imageConfig.imageSize = imageSize;
  const parts: GeminiPart[] = [];
  // An edit: the pictures first, then the mask, then what to do with them.
  for (const image of pictures?.images ?? []) parts.push({ inlineData: image });
  if (pictures?.mask !== undefined) {
    parts.push({ text: 'The next image is a mask: change only the areas where it is transparent.' }, { inlineData: pictures.mask });
  }
  parts.push({ text: body.prompt });
  const request: GeminiRequest = { contents: [{ role: 'user', parts }] };
  if (Object.keys(imageConfig).length > 0) request.generationConfig = { imageConfig };
  return {
    model: body.model ?? DEFAULT_IMAGE_MODEL,
    request,
    count: body.n ?? 1,
    responseFormat: body.response_format ?? 'b64_json',
  };
}
