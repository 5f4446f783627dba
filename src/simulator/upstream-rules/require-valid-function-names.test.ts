import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../../protocols/gemini/gemini-api.js';
import { findSimulatedModel } from '../simulated-models.js';
import { requireValidFunctionNames } from './require-valid-function-names.js';

const model = findSimulatedModel('gemini-3-flash')!;

function check(names: string[]) {
  const request: GeminiRequest = { contents: [{ role: 'user', parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: names.map((name) => ({ name })) }] };
  return requireValidFunctionNames.check({ envelope: {}, request, model, headers: {} });
}

describe('requireValidFunctionNames', () => {
  it('accepts names Gemini takes', () => {
    expect(check(['Read', 'mcp__github__create_issue', 'ns:tool', 'a.b-c', `_${'x'.repeat(63)}`])).toBeUndefined();
  });

  it('refuses long, digit-first and spaced names, one line each', () => {
    const refusal = check(['ok', `mcp__${'x'.repeat(70)}`, '1password', 'web search']);
    expect(refusal?.status).toBe(400);
    expect(refusal?.body.error.status).toBe('INVALID_ARGUMENT');
    const lines = refusal?.body.error.message.trim().split('\n') ?? [];
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\* GenerateContentRequest\.tools\[0\]\.function_declarations\[1\]\.name: Invalid function name\./);
  });
});
