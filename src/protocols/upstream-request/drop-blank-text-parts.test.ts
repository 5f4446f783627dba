import { describe, expect, it } from 'vitest';
import { dropBlankTextParts } from './drop-blank-text-parts.js';
import type { UpstreamPayload } from './upstream-payload.js';

function payload(request: UpstreamPayload['request']): UpstreamPayload {
  return { model: 'claude-sonnet-4-6', requestType: 'agent', request };
}

describe('dropBlankTextParts', () => {
  it('drops whitespace-only and empty text parts and parts with no data', () => {
    const input = payload({
      contents: [{ role: 'user', parts: [{ text: '  \n' }, { text: 'hello' }, {}, { text: '' }] }],
      systemInstruction: { role: 'user', parts: [{ text: 'be brief' }, { text: '\t' }] },
    });
    const output = dropBlankTextParts(input, {});
    expect(output.request.contents).toEqual([{ role: 'user', parts: [{ text: 'hello' }] }]);
    expect(output.request.systemInstruction).toEqual({ role: 'user', parts: [{ text: 'be brief' }] });
    expect(input.request.contents[0]?.parts).toHaveLength(4);
  });

  it('removes a turn left empty and merges the turns its removal brings together', () => {
    const output = dropBlankTextParts(
      payload({
        contents: [
          { role: 'user', parts: [{ text: 'one' }] },
          { role: 'model', parts: [{ text: ' ' }] },
          { role: 'user', parts: [{ text: 'two' }] },
        ],
      }),
      {},
    );
    expect(output.request.contents).toEqual([{ role: 'user', parts: [{ text: 'one' }, { text: 'two' }] }]);
  });

  it('keeps thoughts and signature carriers even with empty text, and tool parts', () => {
    const parts = [{ text: '', thoughtSignature: 'sig' }, { text: ' ', thought: true }, { functionCall: { name: 'f', args: {} } }];
    const input = payload({ contents: [{ role: 'model', parts }] });
    expect(dropBlankTextParts(input, {})).toBe(input);
  });

  it('drops a blank system instruction entirely', () => {
    const output = dropBlankTextParts(payload({ contents: [{ role: 'user', parts: [{ text: 'x' }] }], systemInstruction: { parts: [{ text: ' ' }] } }), {});
    expect(output.request).not.toHaveProperty('systemInstruction');
  });

  it('leaves a request that would be left with nothing as it is (the backend answers for it)', () => {
    const input = payload({ contents: [{ role: 'user', parts: [{ text: '   ' }] }] });
    expect(dropBlankTextParts(input, {})).toBe(input);
  });
});
