import type { GeminiCandidate, GeminiPart, GeminiResponse } from './gemini-api.js';

/**
 * Folds a stream of upstream chunks into the one GenerateContentResponse a non-streaming client expects (agt
 * always streams upstream). Adjacent text parts of the same kind (thought or answer) are joined, keeping the
 * `thoughtSignature` that arrived with them; a second signature starts a new part so none is lost. Function calls
 * and other parts stay whole and in order. Per candidate the last `finishReason` wins; at the top level the last
 * `usageMetadata`, `modelVersion`, `responseId` and `promptFeedback` win. The input chunks are not mutated.
 */
export function mergeGeminiChunks(chunks: GeminiResponse[]): GeminiResponse {
  const merged: GeminiResponse = {};
  const candidates = new Map<number, GeminiCandidate & { index: number; content: { role: string; parts: GeminiPart[] } }>();

  for (const chunk of chunks) {
    for (const [key, value] of Object.entries(chunk)) {
      if (key === 'candidates' || key === '__proto__' || value === undefined) continue;
      merged[key] = value;
    }
    const chunkCandidates = Array.isArray(chunk.candidates) ? chunk.candidates : [];
    chunkCandidates.forEach((candidate, position) => {
      const index = typeof candidate.index === 'number' ? candidate.index : position;
      let target = candidates.get(index);
      if (target === undefined) {
        target = { content: { role: 'model', parts: [] }, index };
        candidates.set(index, target);
      }
      for (const [key, value] of Object.entries(candidate)) {
        if (key === 'content' || key === 'index' || key === '__proto__' || value === undefined) continue;
        target[key] = value;
      }
      const content = candidate.content;
      if (content === undefined) return;
      if (typeof content.role === 'string' && content.role !== '') target.content.role = content.role;
      for (const part of Array.isArray(content.parts) ? content.parts : []) appendPart(target.content.parts, part);
    });
  }

  if (candidates.size > 0) merged.candidates = [...candidates.values()].sort((left, right) => left.index - right.index);
  return merged;
}

function appendPart(parts: GeminiPart[], part: GeminiPart): void {
  const last = parts.at(-1);
  if (
    last !== undefined &&
    isPlainTextPart(last) &&
    isPlainTextPart(part) &&
    (last.thought === true) === (part.thought === true) &&
    !(hasSignature(last) && hasSignature(part))
  ) {
    const joined: GeminiPart = { ...last, text: `${last.text as string}${part.text as string}` };
    if (hasSignature(part)) joined.thoughtSignature = part.thoughtSignature;
    parts[parts.length - 1] = joined;
    return;
  }
  parts.push({ ...part });
}

const TEXT_PART_KEYS = new Set(['text', 'thought', 'thoughtSignature']);

function isPlainTextPart(part: GeminiPart): boolean {
  return typeof part.text === 'string' && Object.keys(part).every((key) => TEXT_PART_KEYS.has(key));
}

function hasSignature(part: GeminiPart): boolean {
  return typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '';
}
