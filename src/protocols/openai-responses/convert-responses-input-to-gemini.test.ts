import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { encodeJsonUtf8 } from '../../shared/encode-json-utf8.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { formatEncryptedContent } from './format-encrypted-content.js';
import { SKIP_THOUGHT_SIGNATURE } from '../gemini/gemini-api.js';
import { convertResponsesInputToGemini } from './convert-responses-input-to-gemini.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

function convert(input: unknown, instructions?: string) {
  return convertResponsesInputToGemini(parseOpenAIResponsesRequest({ model: 'm', input }), instructions);
}

describe('convertResponsesInputToGemini', () => {
  it('sends instructions, then system and developer messages, as the system instruction', () => {
    const converted = convert(
      [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'input_text', text: 'late rule' }, { type: 'input_image', image_url: 'https://x/a.png' }] },
      ],
      'You are Codex.',
    );
    expect(converted.systemInstruction).toEqual({ parts: [{ text: 'You are Codex.' }, { text: 'be brief' }, { text: 'late rule' }] });
    expect(converted.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
  });

  it('sends instructions alone as the user turn (Gemini needs one), and refuses an empty request', () => {
    expect(convert([], 'Say something')).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Say something' }] }] });
    expect(() => convert([{ role: 'user', content: '' }])).toThrow(
      new GatewayError('INVALID_REQUEST', 'input: must contain at least one message with non-empty content'),
    );
  });

  it('merges consecutive items of the same side into alternating turns', () => {
    const converted = convert([
      { role: 'user', content: 'a' },
      { role: 'user', content: [{ type: 'input_text', text: 'b' }, { type: 'input_text', text: '' }] },
      { role: 'assistant', content: [{ type: 'output_text', text: 'c', annotations: [] }] },
      { type: 'message', role: 'assistant', content: 'd' },
      { role: 'user', content: 'e' },
    ]);
    expect(converted.contents).toEqual([
      { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
      { role: 'model', parts: [{ text: 'c' }, { text: 'd' }] },
      { role: 'user', parts: [{ text: 'e' }] },
    ]);
  });

  it('converts a Codex tool turn: unsigned calls get the skip sentinel, outputs find their function by call_id', () => {
    const converted = convert([
      { role: 'user', content: 'list files' },
      { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call', call_id: 'call_2', name: 'shell', arguments: '' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
      { type: 'function_call_output', call_id: 'call_2', output: '{"exit_code":0}' },
    ]);
    expect(converted.contents).toEqual([
      { role: 'user', parts: [{ text: 'list files' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'shell', args: { command: ['ls'] }, id: 'call_1' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
          { functionCall: { name: 'shell', args: {}, id: 'call_2' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'shell', id: 'call_1', response: { result: { content: 'a.txt' } } } },
          { functionResponse: { name: 'shell', id: 'call_2', response: { result: { exit_code: 0 } } } },
        ],
      },
    ]);
  });

  it('sends agt-signed reasoning back as a signed thought and signs the calls of the same model turn', () => {
    const converted = convert([
      { role: 'user', content: 'q' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'plan' }], encrypted_content: 'agt-thought-signature:SIG1' },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'r' },
      // A signature without text travels on the call only.
      { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'agt-thought-signature:SIG2' },
      { type: 'function_call', call_id: 'c2', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c2', output: 'r' },
      // The signature does not leak past the user turn.
      { type: 'function_call', call_id: 'c3', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c3', output: 'r' },
    ]);
    expect(converted.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'plan', thought: true, thoughtSignature: 'SIG1' },
        { functionCall: { name: 'f', args: {}, id: 'c1' }, thoughtSignature: 'SIG1' },
      ],
    });
    expect(converted.contents[3]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'f', args: {}, id: 'c2' }, thoughtSignature: 'SIG2' }] });
    expect(converted.contents[5].parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
  });

  it('drops reasoning agt did not sign (another provider’s encrypted content, or none)', () => {
    const converted = convert([
      { role: 'user', content: 'q' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'openai thought' }], encrypted_content: 'gAAAAB-openai' },
      { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'no signature' }] },
      { role: 'assistant', content: 'answer' },
    ]);
    expect(converted.contents[1]).toEqual({ role: 'model', parts: [{ text: 'answer' }] });
  });

  it('declares custom and namespaced tool calls under their Gemini names', () => {
    const converted = convert([
      { role: 'user', content: 'q' },
      { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
      { type: 'function_call', call_id: 'c2', name: 'read', namespace: 'mcp__files', arguments: '{"path":"a"}' },
      { type: 'custom_tool_call_output', call_id: 'c1', output: 'applied' },
      { type: 'function_call_output', call_id: 'c2', output: 'text' },
    ]);
    expect(converted.contents[1].parts.map((part) => part.functionCall)).toEqual([
      { name: 'apply_patch', args: { input: '*** Begin Patch' }, id: 'c1' },
      { name: 'mcp__files__read', args: { path: 'a' }, id: 'c2' },
    ]);
    expect(converted.contents[2].parts.map((part) => part.functionResponse?.name)).toEqual(['apply_patch', 'mcp__files__read']);
  });

  it('sends images of a tool output beside the function response', () => {
    const converted = convert([
      { role: 'user', content: 'look' },
      { type: 'function_call', call_id: 'c1', name: 'view_image', arguments: '{}' },
      {
        type: 'function_call_output',
        call_id: 'c1',
        output: [
          { type: 'input_text', text: 'the ' },
          { type: 'input_text', text: 'image' },
          { type: 'input_image', image_url: 'data:image/png;base64,AAAA' },
        ],
      },
    ]);
    expect(converted.contents[2].parts).toEqual([
      { functionResponse: { name: 'view_image', id: 'c1', response: { result: { content: 'the image' } } } },
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
    ]);
  });

  it('names the item of a bad call or output', () => {
    expect(() => convert([{ role: 'user', content: 'q' }, { type: 'function_call_output', call_id: 'nowhere', output: 'x' }])).toThrow(
      new GatewayError('INVALID_REQUEST', 'input[1].call_id: no earlier function_call or custom_tool_call item has call_id "nowhere"'),
    );
    expect(() => convert([{ type: 'web_search_call' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: '[1]' }])).toThrow(
      new GatewayError('INVALID_REQUEST', 'input[1].arguments: must be a JSON object'),
    );
    expect(() => convert([{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{oops' }])).toThrow(
      new GatewayError('INVALID_REQUEST', 'input[0].arguments: is not valid JSON'),
    );
    expect(() => convert([{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }])).toThrow(
      new GatewayError('INVALID_REQUEST', 'input[0].content[0].file_id: uploaded files are not supported (agt stores no files); send the data inline'),
    );
  });
});

describe('convertResponsesInputToGemini: kept items', () => {
  const call = { type: 'function_call', call_id: 'c1', name: 'read', arguments: '{"path":"a"}' };
  const output = { type: 'function_call_output', call_id: 'c1', output: 'file text' };
  const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'read a' }] };

  it('converts a frozen (kept) item once: the same frozen parts, with the bytes of a fresh conversion', () => {
    const kept = deepFreeze(structuredClone([user, call, output]));
    const first = convert([...kept, { type: 'message', role: 'user', content: 'next' }]);
    const second = convert([...kept, { type: 'message', role: 'user', content: 'next' }]);
    expect(second.contents[1].parts[0]).toBe(first.contents[1].parts[0]);
    expect(second.contents[2].parts[0]).toBe(first.contents[2].parts[0]);
    expect(Object.isFrozen(second.contents[2].parts[0])).toBe(true);
    const fresh = convert([...structuredClone([user, call, output]), { type: 'message', role: 'user', content: 'next' }]);
    expect(encodeJsonUtf8(second.contents).toString('utf8')).toBe(JSON.stringify(fresh.contents));
    expect(second.contents[2].parts).toHaveLength(2);
  });

  it('converts a kept call again when the signature before it changes, and a kept output when its call is renamed', () => {
    const [keptCall, keptOutput] = deepFreeze(structuredClone([call, output]));
    const reasoning = { type: 'reasoning', summary: [], encrypted_content: formatEncryptedContent('sig-1') };
    const unsigned = convert([user, keptCall, keptOutput]);
    const signed = convert([user, reasoning, keptCall, keptOutput]);
    expect(unsigned.contents[1].parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(signed.contents[1].parts[0].thoughtSignature).toBe('sig-1');
    const renamed = convert([user, { ...call, name: 'open' }, keptOutput]);
    expect(renamed.contents[2].parts[0].functionResponse?.name).toBe('open');
  });
});
