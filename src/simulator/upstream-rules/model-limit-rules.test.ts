import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../../protocols/gemini/gemini-api.js';
import { findSimulatedModel } from '../simulated-models.js';
import { allowAtMostFiveStopSequences } from './allow-at-most-five-stop-sequences.js';
import { keepOutputWithinModelLimit } from './keep-output-within-model-limit.js';
import { refuseThinkingLevelWithBudget } from './refuse-thinking-level-with-budget.js';
import { requireClaudeBudgetBelowMaxTokens } from './require-claude-budget-below-max-tokens.js';
import { requireValidatedClaudeTools } from './require-validated-claude-tools.js';
import type { UpstreamRule } from './upstream-rule.js';

function check(rule: UpstreamRule, modelId: string, request: Partial<GeminiRequest>) {
  const full: GeminiRequest = { contents: [{ role: 'user', parts: [{ text: 'x' }] }], ...request };
  const refusal = rule.check({ envelope: {}, request: full, model: findSimulatedModel(modelId)!, headers: {} });
  return refusal === undefined ? undefined : (refusal.body as { error: { code: number; message: string; status: string } }).error;
}

const TOOLS = [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] }];

describe('keep-output-within-model-limit', () => {
  it('refuses maxOutputTokens above the model limit, with the bare INVALID_ARGUMENT', () => {
    expect(check(keepOutputWithinModelLimit, 'claude-opus-4-6-thinking', { generationConfig: { maxOutputTokens: 64_000 } })).toBeUndefined();
    expect(check(keepOutputWithinModelLimit, 'claude-opus-4-6-thinking', { generationConfig: { maxOutputTokens: 64_001 } })).toEqual({
      code: 400,
      message: 'Request contains an invalid argument.',
      status: 'INVALID_ARGUMENT',
    });
    expect(check(keepOutputWithinModelLimit, 'gemini-3.1-pro-low', { generationConfig: { maxOutputTokens: 65_536 } })).toMatchObject({ code: 400 });
    expect(check(keepOutputWithinModelLimit, 'gemini-3-flash', { generationConfig: { maxOutputTokens: 65_536 } })).toBeUndefined();
  });
});

describe('require-claude-budget-below-max-tokens', () => {
  it('refuses a Claude budget without a larger maxOutputTokens, with Anthropic\'s message inside', () => {
    const refusal = check(requireClaudeBudgetBelowMaxTokens, 'claude-sonnet-4-6', { generationConfig: { thinkingConfig: { thinkingBudget: 2048 } } });
    expect(refusal?.code).toBe(400);
    expect(refusal?.message).toContain('`max_tokens` must be greater than `thinking.budget_tokens`');
    expect(check(requireClaudeBudgetBelowMaxTokens, 'claude-sonnet-4-6', { generationConfig: { maxOutputTokens: 2048, thinkingConfig: { thinkingBudget: 2048 } } })).toMatchObject({ code: 400 });
    expect(check(requireClaudeBudgetBelowMaxTokens, 'claude-sonnet-4-6', { generationConfig: { maxOutputTokens: 2049, thinkingConfig: { thinkingBudget: 2048 } } })).toBeUndefined();
    expect(check(requireClaudeBudgetBelowMaxTokens, 'gemini-2.5-flash', { generationConfig: { thinkingConfig: { thinkingBudget: 2048 } } })).toBeUndefined();
  });
});

describe('allow-at-most-five-stop-sequences', () => {
  it('refuses a sixth stop sequence with the backend text', () => {
    expect(check(allowAtMostFiveStopSequences, 'gemini-3-flash', { generationConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } })).toBeUndefined();
    expect(check(allowAtMostFiveStopSequences, 'gemini-3-flash', { generationConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'] } })?.message).toBe(
      'Unable to submit request because it has a stopSequences value of 6 but the supported range is from 1 (inclusive) to 6 (exclusive). Update the value and try again.',
    );
  });
});

describe('require-validated-claude-tools', () => {
  it('wants VALIDATED (or an explicit ANY / NONE) for Claude functions, and a property in every object schema', () => {
    expect(check(requireValidatedClaudeTools, 'claude-sonnet-4-6', { tools: TOOLS })).toMatchObject({ code: 400 });
    expect(check(requireValidatedClaudeTools, 'claude-sonnet-4-6', { tools: TOOLS, toolConfig: { functionCallingConfig: { mode: 'AUTO' } } })).toMatchObject({ code: 400 });
    expect(check(requireValidatedClaudeTools, 'claude-sonnet-4-6', { tools: TOOLS, toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } } })).toBeUndefined();
    expect(check(requireValidatedClaudeTools, 'claude-sonnet-4-6', { tools: TOOLS, toolConfig: { functionCallingConfig: { mode: 'ANY' } } })).toBeUndefined();
    const empty = [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: { o: { type: 'object' } } } }] }];
    expect(check(requireValidatedClaudeTools, 'claude-sonnet-4-6', { tools: empty, toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } } })).toMatchObject({ code: 400 });
    expect(check(requireValidatedClaudeTools, 'claude-sonnet-4-6', { tools: [{ functionDeclarations: [{ name: 'f' }] }], toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } } })).toMatchObject({ code: 400 });
    expect(check(requireValidatedClaudeTools, 'gemini-3-flash', { tools: empty })).toBeUndefined();
  });
});

describe('refuse-thinking-level-with-budget', () => {
  it('refuses a level next to a budget', () => {
    expect(check(refuseThinkingLevelWithBudget, 'gemini-3-flash', { generationConfig: { thinkingConfig: { thinkingLevel: 'HIGH', thinkingBudget: 10 } } })).toMatchObject({ code: 400 });
    expect(check(refuseThinkingLevelWithBudget, 'gemini-3-flash', { generationConfig: { thinkingConfig: { thinkingLevel: 'HIGH' } } })).toBeUndefined();
  });
});
