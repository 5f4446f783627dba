import { describe, expect, it } from 'vitest';
import type { GeminiPart } from '../gemini/gemini-api.js';
import { orderFunctionResponsesFirst } from './order-function-responses-first.js';
import type { UpstreamPayload } from './upstream-payload.js';

const response = (name: string): GeminiPart => ({ functionResponse: { name, id: name, response: { result: name } } });
const image = (data: string): GeminiPart => ({ inlineData: { mimeType: 'image/png', data } });

function payloadWith(parts: GeminiPart[]): UpstreamPayload {
  return {
    model: 'claude-sonnet-4-6',
    requestType: 'agent',
    request: {
      contents: [
        { role: 'user', parts: [{ text: 'look at both' }] },
        { role: 'model', parts: [{ functionCall: { name: 'a', id: 'a', args: {} } }, { functionCall: { name: 'b', id: 'b', args: {} } }] },
        { role: 'user', parts },
      ],
    },
  };
}

describe('orderFunctionResponsesFirst', () => {
  it('puts parallel tool results together, their images and the follow-up text after them', () => {
    const input = payloadWith([response('a'), image('A'), response('b'), image('B'), { text: 'and?' }]);
    const output = orderFunctionResponsesFirst(input, {});
    expect(output.request.contents[2]?.parts).toEqual([response('a'), response('b'), image('A'), image('B'), { text: 'and?' }]);
    expect(input.request.contents[2]?.parts[1]).toEqual(image('A'));
  });

  it('moves text that came before the results too', () => {
    const output = orderFunctionResponsesFirst(payloadWith([{ text: 'first' }, response('a'), response('b')]), {});
    expect(output.request.contents[2]?.parts).toEqual([response('a'), response('b'), { text: 'first' }]);
  });

  it('returns the same payload when the order is already right', () => {
    const input = payloadWith([response('a'), response('b'), image('A')]);
    expect(orderFunctionResponsesFirst(input, {})).toBe(input);
  });
});
