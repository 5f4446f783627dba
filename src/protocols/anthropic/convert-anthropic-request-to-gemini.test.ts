import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { encodeJsonUtf8 } from '../../shared/encode-json-utf8.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { SKIP_THOUGHT_SIGNATURE } from '../gemini/gemini-api.js';
import { convertAnthropicRequestToGemini } from './convert-anthropic-request-to-gemini.js';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';

function convert(body: Record<string, unknown>) {
  return convertAnthropicRequestToGemini(
    parseAnthropicMessagesRequest({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], ...body }),
  );
}

describe('convertAnthropicRequestToGemini', () => {
  it('converts a full multi-turn request', () => {
    expect(
      convert({
        stream: true,
        system: [
          { type: 'text', text: 'You are a helper.' },
          { type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } },
        ],
        messages: [
          { role: 'user', content: 'What is in README?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'I should read it.', signature: 'sig-1' },
              { type: 'tool_use', id: 'toolu_a', name: 'read_file', input: { path: 'README.md' } },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: '# agt' }] },
          { role: 'user', content: 'Summarise.' },
        ],
        tools: [{ name: 'read_file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }],
        tool_choice: { type: 'auto' },
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        metadata: { user_id: 'someone' },
      }),
    ).toEqual({
      model: 'claude-sonnet-4-5',
      stream: true,
      request: {
        systemInstruction: { parts: [{ text: 'You are a helper.' }, { text: 'Be brief.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'What is in README?' }] },
          {
            role: 'model',
            parts: [
              { text: 'I should read it.', thought: true, thoughtSignature: 'sig-1' },
              { functionCall: { name: 'read_file', args: { path: 'README.md' }, id: 'toolu_a' }, thoughtSignature: 'sig-1' },
            ],
          },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'read_file', id: 'toolu_a', response: { result: '# agt' } } }, { text: 'Summarise.' }],
          },
        ],
        tools: [
          { functionDeclarations: [{ name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }] },
        ],
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
        generationConfig: { maxOutputTokens: 1024, temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['END'] },
      },
    });
  });

  it('takes a string system prompt and defaults stream to false', () => {
    expect(convert({ system: 'Be kind.' })).toEqual({
      model: 'claude-sonnet-4-5',
      stream: false,
      request: {
        systemInstruction: { parts: [{ text: 'Be kind.' }] },
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        generationConfig: { maxOutputTokens: 1024 },
      },
    });
  });

  it('strips cache_control everywhere', () => {
    const converted = convert({
      system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '5m' } }] }],
      tools: [{ name: 't', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
    });
    expect(JSON.stringify(converted)).not.toContain('cache_control');
  });

  describe('thinking', () => {
    it('passes an explicit budget', () => {
      expect(convert({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 10000 } }).request.generationConfig).toEqual({
        maxOutputTokens: 32000,
        thinkingConfig: { includeThoughts: true, thinkingBudget: 10000 },
      });
    });

    it('gives adaptive thinking the budget of output_config.effort (high by default), kept below max_tokens', () => {
      const adaptive = (fields: Record<string, unknown>) => convert({ thinking: { type: 'adaptive' }, ...fields }).request.generationConfig?.thinkingConfig;
      expect(adaptive({ max_tokens: 32000 })).toEqual({ includeThoughts: true, thinkingBudget: 24576 });
      expect(adaptive({ max_tokens: 32000, output_config: { effort: 'low' } })).toEqual({ includeThoughts: true, thinkingBudget: 1024 });
      expect(adaptive({ max_tokens: 32000, output_config: { effort: 'medium' } })).toEqual({ includeThoughts: true, thinkingBudget: 8192 });
      expect(adaptive({ max_tokens: 64000, output_config: { effort: 'max' } })).toEqual({ includeThoughts: true, thinkingBudget: 32768 });
      expect(adaptive({ max_tokens: 4096 })).toEqual({ includeThoughts: true, thinkingBudget: 4095 });
      expect(convert({ thinking: { type: 'adaptive' }, max_tokens: 1 }).request.generationConfig).toEqual({ maxOutputTokens: 1 });
    });

    it('leaves a -thinking model name to the upstream model (no budget from the name)', () => {
      expect(convert({ model: 'claude-opus-4-5-thinking', max_tokens: 32000 }).request.generationConfig).toEqual({ maxOutputTokens: 32000 });
    });

    it('leaves thinking off when disabled, even for a -thinking model', () => {
      expect(convert({ model: 'claude-opus-4-5-thinking', thinking: { type: 'disabled' } }).request.generationConfig).toEqual({
        maxOutputTokens: 1024,
      });
    });
  });

  it('signs calls with the sentinel when the history has no signature', () => {
    const converted = convert({
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
      ],
    });
    expect(converted.request.contents[1]).toEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'n', args: {}, id: 't' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }],
    });
  });

  it('refuses a conversation with nothing left to send', () => {
    expect(() => convert({ messages: [{ role: 'user', content: '' }] })).toThrow(
      new GatewayError('INVALID_REQUEST', 'messages: every message is empty; there is nothing to send'),
    );
  });
});

describe('convertAnthropicRequestToGemini: a kept system prompt', () => {
  const system = [
    { type: 'text', text: '' },
    { type: 'text', text: 'You are a coding agent.', cache_control: { type: 'ephemeral' } },
  ];

  it('validates and converts a frozen (kept) system prompt once, frozen, with the bytes of a fresh one', () => {
    const kept = deepFreeze(structuredClone(system));
    const first = convert({ system: kept });
    const second = convert({ system: kept, messages: [{ role: 'user', content: 'next turn' }] });
    expect(second.request.systemInstruction).toBe(first.request.systemInstruction);
    expect(Object.isFrozen(second.request.systemInstruction)).toBe(true);
    const fresh = convert({ system: structuredClone(system) });
    expect(fresh.request.systemInstruction).toEqual({ parts: [{ text: 'You are a coding agent.' }] });
    expect(encodeJsonUtf8(first.request).toString('utf8')).toBe(JSON.stringify(fresh.request));
    expect(convert({ system: deepFreeze([{ type: 'text', text: '' }]) }).request.systemInstruction).toBeUndefined();
  });

  it('converts a system prompt that is not frozen every time', () => {
    const first = convert({ system: structuredClone(system) });
    const second = convert({ system: structuredClone(system) });
    expect(second.request.systemInstruction).toEqual(first.request.systemInstruction);
    expect(second.request.systemInstruction).not.toBe(first.request.systemInstruction);
  });
});
