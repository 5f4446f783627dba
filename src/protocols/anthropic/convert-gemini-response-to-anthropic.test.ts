import { describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import { convertGeminiResponseToAnthropic } from './convert-gemini-response-to-anthropic.js';

const options = { model: 'claude-sonnet-4-5', id: 'msg_test1' };

function respond(parts: unknown[], finishReason = 'STOP', usageMetadata: GeminiResponse['usageMetadata'] = undefined): GeminiResponse {
  return { candidates: [{ content: { role: 'model', parts: parts as never }, finishReason }], usageMetadata };
}

describe('convertGeminiResponseToAnthropic', () => {
  it('converts text with merged pieces and usage', () => {
    expect(
      convertGeminiResponseToAnthropic(
        respond([{ text: 'Hello, ' }, { text: 'world.' }], 'STOP', {
          promptTokenCount: 120,
          candidatesTokenCount: 7,
          thoughtsTokenCount: 30,
          cachedContentTokenCount: 100,
          totalTokenCount: 157,
        }),
        options,
      ),
    ).toEqual({
      id: 'msg_test1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello, world.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: 37 },
    });
  });

  it('converts signed thoughts to thinking blocks and unsigned ones to text', () => {
    expect(
      convertGeminiResponseToAnthropic(
        respond([
          { text: 'Let me ', thought: true },
          { text: 'think.', thought: true, thoughtSignature: 'sig-1' },
          { text: 'Answer one.' },
          { text: 'Second thoughts', thought: true },
          { text: 'Answer two.' },
        ]),
        options,
      ).content,
    ).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' },
      { type: 'text', text: 'Answer one.' },
      { type: 'text', text: 'Second thoughts' },
      { type: 'text', text: 'Answer two.' },
    ]);
  });

  it('converts function calls to tool_use with given or generated ids and the tool_use stop reason', () => {
    const message = convertGeminiResponseToAnthropic(
      respond([
        { text: 'Checking.' },
        { functionCall: { name: 'read_file', args: { path: 'a.txt' }, id: 'call_given' } },
        { functionCall: { name: 'list_files' } },
        { functionCall: { name: 'grep', args: { pattern: 'x' } } },
      ]),
      options,
    );
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_given', name: 'read_file', input: { path: 'a.txt' } },
      { type: 'tool_use', id: 'toolu_test1_0', name: 'list_files', input: {} },
      { type: 'tool_use', id: 'toolu_test1_1', name: 'grep', input: { pattern: 'x' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('keeps a signature carried by a function call in a thinking block before the tool_use', () => {
    expect(
      convertGeminiResponseToAnthropic(
        respond([
          { text: 'plan', thought: true },
          { functionCall: { name: 'a', args: {} }, thoughtSignature: 'sig-on-call-1' },
          { functionCall: { name: 'b', args: {} } },
          { text: 'between' },
          { functionCall: { name: 'c', args: {} }, thoughtSignature: 'sig-on-call-2' },
        ]),
        options,
      ).content,
    ).toEqual([
      { type: 'thinking', thinking: 'plan', signature: 'sig-on-call-1' },
      { type: 'tool_use', id: 'toolu_test1_0', name: 'a', input: {} },
      { type: 'tool_use', id: 'toolu_test1_1', name: 'b', input: {} },
      { type: 'text', text: 'between' },
      { type: 'thinking', thinking: '', signature: 'sig-on-call-2' },
      { type: 'tool_use', id: 'toolu_test1_2', name: 'c', input: {} },
    ]);
  });

  it('does not repeat a signature the thought already carried', () => {
    expect(
      convertGeminiResponseToAnthropic(
        respond([
          { text: 'plan', thought: true, thoughtSignature: 'sig-x' },
          { functionCall: { name: 'a', args: {}, id: 'c1' }, thoughtSignature: 'sig-x' },
        ]),
        options,
      ).content,
    ).toEqual([
      { type: 'thinking', thinking: 'plan', signature: 'sig-x' },
      { type: 'tool_use', id: 'c1', name: 'a', input: {} },
    ]);
  });

  it('maps MAX_TOKENS and survives empty or odd responses', () => {
    expect(convertGeminiResponseToAnthropic(respond([{ text: 'cut' }], 'MAX_TOKENS'), options).stop_reason).toBe('max_tokens');
    expect(convertGeminiResponseToAnthropic({}, options)).toEqual({
      id: 'msg_test1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
    });
    const odd = { candidates: [{ content: { parts: [null, 5, { inlineData: { mimeType: 'image/png', data: 'x' } }, { text: 'ok' }] } }] };
    expect(convertGeminiResponseToAnthropic(odd as unknown as GeminiResponse, options).content).toEqual([{ type: 'text', text: 'ok' }]);
  });
});
