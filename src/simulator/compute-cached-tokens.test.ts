import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../protocols/gemini/gemini-api.js';
import { buildPromptSegments, computeCachedTokens } from './compute-cached-tokens.js';

const system = { parts: [{ text: 'You are a careful assistant.' }] }; // 28 characters → 7 tokens
const first: GeminiRequest = { systemInstruction: system, contents: [{ role: 'user', parts: [{ text: 'Read the file please' }] }] }; // 5
const second: GeminiRequest = {
  systemInstruction: system,
  contents: [...first.contents, { role: 'model', parts: [{ text: 'Done reading' }] }, { role: 'user', parts: [{ text: 'Thanks' }] }],
};

describe('computeCachedTokens', () => {
  it('has nothing cached for the first prompt of a session', () => {
    expect(computeCachedTokens(undefined, buildPromptSegments(first))).toBe(0);
  });

  it('counts the system instruction and the contents the previous prompt started with', () => {
    expect(computeCachedTokens(buildPromptSegments(first), buildPromptSegments(second))).toBe(7 + 5);
  });

  it('stops at the first segment that differs, and a changed system instruction caches nothing', () => {
    const edited = { ...second, contents: [{ role: 'user', parts: [{ text: 'Read the other file' }] }, ...second.contents.slice(1)] };
    expect(computeCachedTokens(buildPromptSegments(second), buildPromptSegments(edited))).toBe(7);
    const otherSystem = { ...second, systemInstruction: { parts: [{ text: 'Different' }] } };
    expect(computeCachedTokens(buildPromptSegments(second), buildPromptSegments(otherSystem))).toBe(0);
  });
});
