import { describe, expect, it } from 'vitest';
import type { GeminiGenerationConfig } from '../gemini/gemini-api.js';
import { capOutputTokens } from './cap-output-tokens.js';
import type { UpstreamPassContext, UpstreamPayload } from './upstream-payload.js';

function configOf(model: string, generationConfig: GeminiGenerationConfig | undefined, context: UpstreamPassContext = {}) {
  const payload: UpstreamPayload = { model, requestType: 'agent', request: { contents: [], generationConfig } };
  return capOutputTokens(payload, context).request.generationConfig;
}

describe('capOutputTokens', () => {
  it('caps maxOutputTokens to the catalogue limit, else the family limit', () => {
    // Claude Code's max_tokens.
    expect(configOf('claude-opus-4-6-thinking', { maxOutputTokens: 128_000 })).toEqual({ maxOutputTokens: 64_000 });
    expect(configOf('gemini-3.1-pro-low', { maxOutputTokens: 65_536 })).toEqual({ maxOutputTokens: 65_535 });
    expect(configOf('gemini-3-flash', { maxOutputTokens: 65_536 }, { modelInfo: { id: 'gemini-3-flash', maxOutputTokens: 65_536 } })).toEqual({ maxOutputTokens: 65_536 });
    expect(configOf('claude-opus-5', { maxOutputTokens: 128_000 }, { modelInfo: { id: 'claude-opus-5', maxOutputTokens: 128_000 } })).toEqual({ maxOutputTokens: 128_000 });
    expect(configOf('gpt-oss-120b-medium', { maxOutputTokens: 100_000 })).toEqual({ maxOutputTokens: 100_000 });
  });

  it('returns the same payload when nothing is over', () => {
    const payload: UpstreamPayload = { model: 'claude-sonnet-4-6', requestType: 'agent', request: { contents: [], generationConfig: { maxOutputTokens: 100 } } };
    expect(capOutputTokens(payload, {})).toBe(payload);
    const bare: UpstreamPayload = { model: 'gemini-3-flash', requestType: 'agent', request: { contents: [] } };
    expect(capOutputTokens(bare, {})).toBe(bare);
  });

  it('keeps a thinking budget strictly under maxOutputTokens', () => {
    expect(configOf('claude-opus-4-6-thinking', { maxOutputTokens: 128_000, thinkingConfig: { includeThoughts: true, thinkingBudget: 100_000 } })).toEqual({
      maxOutputTokens: 64_000,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 63_999 },
    });
    // Claude with a budget and no maxOutputTokens gets the model's limit.
    expect(configOf('claude-opus-4-6-thinking', { thinkingConfig: { thinkingBudget: 16_384 } })).toEqual({ maxOutputTokens: 64_000, thinkingConfig: { thinkingBudget: 16_384 } });
    // Below Claude's minimum budget: the minimum thinking plus the client's allowance.
    expect(configOf('claude-opus-4-6-thinking', { maxOutputTokens: 500, thinkingConfig: { thinkingBudget: 16_384 } })).toEqual({
      maxOutputTokens: 1_524,
      thinkingConfig: { thinkingBudget: 1_024 },
    });
    expect(configOf('gemini-2.5-flash', { maxOutputTokens: 100, thinkingConfig: { thinkingBudget: 500 } })).toEqual({ maxOutputTokens: 100, thinkingConfig: { thinkingBudget: 99 } });
  });
});
