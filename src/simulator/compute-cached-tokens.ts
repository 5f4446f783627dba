/**
 * The simulator's prompt cache, pure part. The real backend caches a prompt per session (`request.sessionId`) and
 * reports the reused head of the next prompt as `usageMetadata.cachedContentTokenCount` (included in
 * `promptTokenCount`); agt's clients only get that discount when every request of a conversation carries the same
 * sessionId. The simulator acts it out: a prompt is a list of segments (the system instruction with the tools, then
 * each content), and the cached tokens are those of the segments the previous prompt of the same session started
 * with. The real cache also has a minimum size and a lifetime; the simulator caches any repeated head.
 * @see https://ai.google.dev/gemini-api/docs/caching (implicit caching, cachedContentTokenCount)
 */
import { createHash } from 'node:crypto';
import type { GeminiRequest } from '../protocols/gemini/gemini-api.js';
import { countContentTokens } from './count-content-tokens.js';

export interface PromptSegment {
  fingerprint: string;
  tokens: number;
}

/** The prompt's cacheable segments, in order: system instruction and tools first, then each content. */
export function buildPromptSegments(request: GeminiRequest): PromptSegment[] {
  const head = { systemInstruction: request.systemInstruction ?? null, tools: request.tools ?? null };
  const segments: PromptSegment[] = [
    { fingerprint: fingerprintOf(head), tokens: countContentTokens([], request.systemInstruction) },
  ];
  for (const content of request.contents) {
    segments.push({ fingerprint: fingerprintOf(content), tokens: countContentTokens([content]) });
  }
  return segments;
}

/** Tokens of the longest head `current` shares with `previous` (whole segments only). */
export function computeCachedTokens(previous: readonly PromptSegment[] | undefined, current: readonly PromptSegment[]): number {
  if (previous === undefined) return 0;
  let tokens = 0;
  for (let index = 0; index < current.length && index < previous.length; index += 1) {
    if (current[index].fingerprint !== previous[index].fingerprint) break;
    tokens += current[index].tokens;
  }
  return tokens;
}

function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? '').digest('base64url');
}
