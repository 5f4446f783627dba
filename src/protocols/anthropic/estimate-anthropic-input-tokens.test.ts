import { describe, expect, it } from 'vitest';
import { convertAnthropicRequestToGemini } from './convert-anthropic-request-to-gemini.js';
import { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens.js';
import { parseAnthropicCountTokensRequest } from './parse-anthropic-messages-request.js';

function estimate(body: Record<string, unknown>): number {
  return estimateAnthropicInputTokens(convertAnthropicRequestToGemini(parseAnthropicCountTokensRequest({ model: 'm', ...body })).request);
}

describe('estimateAnthropicInputTokens', () => {
  it('counts about four characters a token, rounding up', () => {
    expect(estimate({ messages: [{ role: 'user', content: 'x'.repeat(400) }] })).toBe(100);
    expect(estimate({ system: 'abcd', messages: [{ role: 'user', content: 'abcde' }] })).toBe(3);
  });

  it('counts images at a flat rate and tools as JSON', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(100_000) } };
    expect(estimate({ messages: [{ role: 'user', content: [image] }] })).toBe(258);
    const withTool = estimate({
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ name: 'read_file', description: 'Read a file from disk', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }],
    });
    expect(withTool).toBeGreaterThan(estimate({ messages: [{ role: 'user', content: 'hi' }] }) + 10);
  });

  it('is deterministic and at least one', () => {
    const body = { messages: [{ role: 'user', content: 'a' }] };
    expect(estimate(body)).toBe(1);
    expect(estimate(body)).toBe(estimate(body));
  });
});
