/**
 * The simulator's deterministic token rule: tokens = ceil(characters / 4), over text, thought text and the
 * JSON of function calls and responses. Images and files are not counted.
 */
import type { GeminiContent, GeminiPart } from '../protocols/gemini/gemini-api.js';

export function countTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function countPartCharacters(part: GeminiPart): number {
  let characters = typeof part.text === 'string' ? part.text.length : 0;
  if (part.functionCall !== undefined) {
    characters += part.functionCall.name.length + JSON.stringify(part.functionCall.args ?? {}).length;
  }
  if (part.functionResponse !== undefined) {
    characters += part.functionResponse.name.length + JSON.stringify(part.functionResponse.response ?? {}).length;
  }
  return characters;
}

/** Counts the tokens of every part of the contents plus an optional system instruction. */
export function countContentTokens(contents: readonly GeminiContent[], systemInstruction?: { parts?: unknown }): number {
  let characters = 0;
  for (const content of contents) characters += countPartsCharacters(content?.parts);
  if (systemInstruction !== undefined) characters += countPartsCharacters(systemInstruction.parts);
  return Math.ceil(characters / 4);
}

function countPartsCharacters(parts: unknown): number {
  if (!Array.isArray(parts)) return 0;
  let characters = 0;
  for (const part of parts as GeminiPart[]) {
    if (typeof part === 'object' && part !== null) characters += countPartCharacters(part);
  }
  return characters;
}
