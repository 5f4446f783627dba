import type { GeminiInlineData } from '../gemini/gemini-api.js';

/**
 * An image an image model drew, as Chat Completions content: a Markdown image with a `data:` URL on its own line.
 * Chat Completions has no image output; chat clients (Cherry Studio and the like) render Markdown images, and
 * Antigravity Tools answers image models the same way.
 */
export function formatInlineImage(image: GeminiInlineData): string {
  const mimeType = typeof image.mimeType === 'string' && image.mimeType !== '' ? image.mimeType : 'image/png';
  return `\n\n![image](data:${mimeType};base64,${image.data})\n`;
}
