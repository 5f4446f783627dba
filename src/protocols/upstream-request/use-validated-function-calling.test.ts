import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../gemini/gemini-api.js';
import type { UpstreamPayload } from './upstream-payload.js';
import { useValidatedFunctionCalling } from './use-validated-function-calling.js';

const TOOLS = [{ functionDeclarations: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] }];
const payload = (model: string, request: Partial<GeminiRequest>): UpstreamPayload => ({ model, requestType: 'agent', request: { contents: [], ...request } });

describe('useValidatedFunctionCalling', () => {
  it('sets VALIDATED for Claude models with function declarations, replacing AUTO', () => {
    expect(useValidatedFunctionCalling(payload('claude-sonnet-4-6', { tools: TOOLS }), {}).request.toolConfig).toEqual({ functionCallingConfig: { mode: 'VALIDATED' } });
    expect(
      useValidatedFunctionCalling(payload('claude-opus-4-6-thinking', { tools: TOOLS, toolConfig: { functionCallingConfig: { mode: 'AUTO' } } }), {}).request.toolConfig,
    ).toEqual({ functionCallingConfig: { mode: 'VALIDATED' } });
  });

  it('keeps a forced or disabled mode, Gemini models and requests without functions as they are', () => {
    for (const input of [
      payload('claude-sonnet-4-6', { tools: TOOLS, toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['lookup'] } } }),
      payload('claude-sonnet-4-6', { tools: TOOLS, toolConfig: { functionCallingConfig: { mode: 'NONE' } } }),
      payload('gemini-3-flash', { tools: TOOLS }),
      payload('claude-sonnet-4-6', { tools: [{ googleSearch: {} }] }),
      payload('claude-sonnet-4-6', {}),
    ]) {
      expect(useValidatedFunctionCalling(input, {})).toBe(input);
    }
  });
});
