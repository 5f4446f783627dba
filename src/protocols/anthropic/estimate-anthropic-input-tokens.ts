import type { GeminiPart, GeminiRequest } from '../gemini/gemini-api.js';

/** Gemini bills an image (up to 384 px per side, or each 768 px tile) as 258 tokens. */
const TOKENS_PER_MEDIA_PART = 258;
const CHARACTERS_PER_TOKEN = 4;

/**
 * A deterministic local estimate of a request's input tokens (about four characters a token), used for
 * `count_tokens` when Code Assist cannot be asked. It counts system text, message text and thoughts, function
 * calls and responses as JSON, tool declarations as JSON, and a flat amount per image or file.
 */
export function estimateAnthropicInputTokens(request: GeminiRequest): number {
  let characters = 0;
  let mediaParts = 0;
  const countParts = (parts: unknown): void => {
    if (!Array.isArray(parts)) return;
    for (const part of parts as GeminiPart[]) {
      if (typeof part !== 'object' || part === null) continue;
      if (typeof part.text === 'string') characters += part.text.length;
      if (part.functionCall !== undefined) characters += jsonLength(part.functionCall);
      if (part.functionResponse !== undefined) characters += jsonLength(part.functionResponse);
      if (part.inlineData !== undefined || part.fileData !== undefined) mediaParts += 1;
    }
  };
  countParts(request.systemInstruction?.parts);
  for (const content of Array.isArray(request.contents) ? request.contents : []) countParts(content?.parts);
  if (request.tools !== undefined) characters += jsonLength(request.tools);
  return Math.max(1, Math.ceil(characters / CHARACTERS_PER_TOKEN) + mediaParts * TOKENS_PER_MEDIA_PART);
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}
