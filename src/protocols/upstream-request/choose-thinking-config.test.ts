import { describe, expect, it } from 'vitest';
import type { GeminiThinkingConfig } from '../gemini/gemini-api.js';
import { chooseThinkingConfig, readThinkingStyle } from './choose-thinking-config.js';
import type { UpstreamPassContext, UpstreamPayload } from './upstream-payload.js';

function payload(model: string, thinkingConfig?: GeminiThinkingConfig, extra: Record<string, unknown> = {}): UpstreamPayload {
  const generationConfig = thinkingConfig === undefined ? { ...extra } : { ...extra, thinkingConfig };
  return { model, requestType: 'agent', request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig } };
}

function thinkingOf(model: string, thinkingConfig?: GeminiThinkingConfig, context: UpstreamPassContext = {}) {
  return chooseThinkingConfig(payload(model, thinkingConfig), context).request.generationConfig?.thinkingConfig;
}

describe('readThinkingStyle', () => {
  it.each([
    ['claude-opus-4-6-thinking', 'claude-thinking'],
    ['claude-sonnet-4-6', 'claude'],
    ['gemini-pro-agent', 'gemini-level'],
    ['gemini-3-flash-agent', 'gemini-level'],
    ['gemini-3.8-flash-high', 'gemini-level'],
    ['gemini-3.1-flash-lite', 'gemini-level'],
    ['gemini-2.5-flash', 'gemini-budget'],
    ['gpt-oss-120b-medium', 'unknown'],
  ])('%s → %s', (model, style) => {
    expect(readThinkingStyle(model)).toBe(style);
  });

  it('believes the catalogue when it says a model does not think', () => {
    expect(readThinkingStyle('gpt-oss-120b-medium', { id: 'gpt-oss-120b-medium', supportsThinking: false })).toBe('none');
  });
});

describe('chooseThinkingConfig', () => {
  it('always gives a Claude -thinking model a budget, whatever the client sent', () => {
    expect(thinkingOf('claude-opus-4-6-thinking')).toEqual({ includeThoughts: true, thinkingBudget: 16_384 });
    expect(thinkingOf('claude-opus-4-6-thinking', { thinkingBudget: 0 })).toEqual({ includeThoughts: true, thinkingBudget: 16_384 });
    expect(thinkingOf('claude-opus-4-6-thinking', { includeThoughts: true, thinkingBudget: 10_000 })).toEqual({ includeThoughts: true, thinkingBudget: 10_000 });
    expect(thinkingOf('claude-opus-4-6-thinking', { thinkingBudget: 200 })).toEqual({ includeThoughts: true, thinkingBudget: 1_024 });
    // Gemini CLI's thinkingLevel reaching a Claude model becomes a budget.
    expect(thinkingOf('claude-opus-4-6-thinking', { includeThoughts: true, thinkingLevel: 'HIGH' })).toEqual({ includeThoughts: true, thinkingBudget: 24_576 });
    // The catalogue's budget is the default when it gives one.
    expect(thinkingOf('claude-opus-4-6-thinking', undefined, { modelInfo: { id: 'x', thinkingBudget: 4_096 } })).toEqual({ includeThoughts: true, thinkingBudget: 4_096 });
  });

  it('gives other Claude models a budget only when the client asks for thinking', () => {
    expect(thinkingOf('claude-sonnet-4-6')).toBeUndefined();
    expect(thinkingOf('claude-sonnet-4-6', { includeThoughts: true, thinkingBudget: 0 })).toBeUndefined();
    expect(thinkingOf('claude-sonnet-4-6', { includeThoughts: true, thinkingLevel: 'low' })).toEqual({ includeThoughts: true, thinkingBudget: 1_024 });
    expect(thinkingOf('claude-sonnet-4-6', { thinkingBudget: 8_192 })).toEqual({ includeThoughts: true, thinkingBudget: 8_192 });
  });

  it('gives Gemini 3 a thinkingLevel and never a budget next to it', () => {
    expect(thinkingOf('gemini-3-flash')).toBeUndefined();
    expect(thinkingOf('gemini-3-flash', { includeThoughts: true, thinkingBudget: 24_576 })).toEqual({ includeThoughts: true, thinkingLevel: 'HIGH' });
    expect(thinkingOf('gemini-3-flash', { includeThoughts: true, thinkingBudget: 8_192 })).toEqual({ includeThoughts: true, thinkingLevel: 'MEDIUM' });
    expect(thinkingOf('gemini-3-flash', { includeThoughts: true, thinkingBudget: 1_024 })).toEqual({ includeThoughts: true, thinkingLevel: 'LOW' });
    expect(thinkingOf('gemini-3-flash', { thinkingBudget: 0 })).toEqual({ thinkingLevel: 'MINIMAL' });
    expect(thinkingOf('gemini-pro-agent', { thinkingBudget: 0 })).toEqual({ thinkingLevel: 'LOW' });
    expect(thinkingOf('gemini-pro-agent', { thinkingLevel: 'minimal' })).toEqual({ thinkingLevel: 'LOW' });
    // A level and a budget together: the level wins, the budget goes (both is a 400).
    expect(thinkingOf('gemini-3-flash', { thinkingLevel: 'HIGH', thinkingBudget: 100 })).toEqual({ thinkingLevel: 'HIGH' });
    // Dynamic thinking (-1) is the model's own default: no level.
    expect(thinkingOf('gemini-3-flash', { includeThoughts: true, thinkingBudget: -1 })).toEqual({ includeThoughts: true });
    // Already right: the same object back.
    const already = { includeThoughts: true, thinkingLevel: 'HIGH' };
    expect(thinkingOf('gemini-3-flash', already)).toBe(already);
  });

  it('gives Gemini 2.5 a budget', () => {
    expect(thinkingOf('gemini-2.5-flash', { includeThoughts: true, thinkingLevel: 'MEDIUM' })).toEqual({ includeThoughts: true, thinkingBudget: 8_192 });
    const budget = { thinkingBudget: 512 };
    expect(thinkingOf('gemini-2.5-flash', budget)).toBe(budget);
  });

  it('drops thinking for a model the catalogue says does not think, and leaves image requests and unknown models alone', () => {
    expect(thinkingOf('gpt-oss-120b-medium', { thinkingBudget: 1_024 }, { modelInfo: { id: 'gpt-oss-120b-medium', supportsThinking: false } })).toBeUndefined();
    const image = { ...payload('gemini-3.1-flash-image', { thinkingBudget: 5 }), requestType: 'image_gen' as const };
    expect(chooseThinkingConfig(image, {})).toBe(image);
    const unknown = payload('mistral-large', { thinkingBudget: 5 });
    expect(chooseThinkingConfig(unknown, {})).toBe(unknown);
  });

  it('keeps the rest of the generation config and never mutates its input', () => {
    const input = payload('claude-opus-4-6-thinking', undefined, { maxOutputTokens: 32_000, temperature: 1 });
    const copy = structuredClone(input);
    const output = chooseThinkingConfig(input, {});
    expect(output.request.generationConfig).toEqual({ maxOutputTokens: 32_000, temperature: 1, thinkingConfig: { includeThoughts: true, thinkingBudget: 16_384 } });
    expect(input).toEqual(copy);
  });
});
