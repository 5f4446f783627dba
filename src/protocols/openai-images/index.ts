/** @module OpenAI Images (`POST /v1/images/generations`) to and from Gemini image models. */
export { convertGeminiResponseToOpenAIImages } from './convert-gemini-response-to-openai-images.js';
export { convertOpenAIImageRequestToGemini, DEFAULT_IMAGE_MODEL, type ConvertedImageRequest } from './convert-openai-image-request-to-gemini.js';
export { mapOpenAIImageQualityToSize, mapOpenAIImageSizeToAspectRatio } from './map-openai-image-size.js';
export type { OpenAIImage, OpenAIImageRequest, OpenAIImagesResponse } from './openai-images-api.js';
export { parseOpenAIImageEditForm, type OpenAIImageEditRequest } from './parse-openai-image-edit-form.js';
export { parseOpenAIImageRequest } from './parse-openai-image-request.js';
