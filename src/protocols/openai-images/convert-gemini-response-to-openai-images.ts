import type { GeminiResponse } from '../gemini/gemini-api.js';
import type { OpenAIImage } from './openai-images-api.js';

/**
 * The images of one upstream answer as OpenAI image entries: each `inlineData` part becomes `b64_json`, or a
 * `data:` URL when the client asked for `url` (agt hosts no files). The answer's text, when there is any, is the
 * model's own words about the picture and goes in `revised_prompt`.
 */
export function convertGeminiResponseToOpenAIImages(response: GeminiResponse, responseFormat: 'b64_json' | 'url'): OpenAIImage[] {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  const text = parts
    .filter((part) => typeof part.text === 'string' && part.thought !== true)
    .map((part) => part.text)
    .join('')
    .trim();
  const images: OpenAIImage[] = [];
  for (const part of parts) {
    const inline = part.inlineData;
    if (part.thought === true || inline === undefined || typeof inline.data !== 'string' || inline.data === '') continue;
    const image: OpenAIImage = responseFormat === 'url' ? { url: `data:${inline.mimeType || 'image/png'};base64,${inline.data}` } : { b64_json: inline.data };
    if (text !== '') image.revised_prompt = text;
    images.push(image);
  }
  return images;
}
