import { describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import { convertGeminiResponseToOpenAI } from './convert-gemini-response-to-openai.js';
import type { OpenAIChatCompletion } from './openai-chat-api.js';

const options = { model: 'gemini-2.5-pro', id: 'chatcmpl-test', created: 1_710_000_000 };

function completion(
  message: OpenAIChatCompletion['choices'][number]['message'],
  finishReason: OpenAIChatCompletion['choices'][number]['finish_reason'],
  usage: OpenAIChatCompletion['usage'] = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
): OpenAIChatCompletion {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_710_000_000,
    model: 'gemini-2.5-pro',
    system_fingerprint: null,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage,
  };
}

describe('convertGeminiResponseToOpenAI', () => {
  const cases: Array<[string, GeminiResponse, OpenAIChatCompletion]> = [
    [
      'text split over parts, with usage',
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }, { text: ', world' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 16, candidatesTokenCount: 4, totalTokenCount: 20 },
      },
      completion({ role: 'assistant', content: 'Hello, world' }, 'stop', { prompt_tokens: 16, completion_tokens: 4, total_tokens: 20 }),
    ],
    [
      'thinking becomes reasoning_content',
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ text: 'Let me think. ', thought: true }, { text: 'Done.', thought: true, thoughtSignature: 'ts' }, { text: '42' }],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, thoughtsTokenCount: 9 },
      },
      completion({ role: 'assistant', content: '42', reasoning_content: 'Let me think. Done.' }, 'stop', {
        prompt_tokens: 3,
        completion_tokens: 10,
        total_tokens: 13,
        completion_tokens_details: { reasoning_tokens: 9 },
      }),
    ],
    [
      'function calls become tool_calls with signatures',
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Checking.' },
                { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'fc_1' }, thoughtSignature: 'sig-1' },
                { functionCall: { name: 'get_time', args: {} } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
      },
      completion(
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'fc_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              extra_content: { google: { thought_signature: 'sig-1' } },
            },
            { id: 'call_1', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
        'tool_calls',
      ),
    ],
    [
      'truncated by the token limit',
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Once upon' }] }, finishReason: 'MAX_TOKENS' }] },
      completion({ role: 'assistant', content: 'Once upon' }, 'length'),
    ],
    [
      'safety stop without text',
      { candidates: [{ finishReason: 'SAFETY' }] },
      completion({ role: 'assistant', content: null }, 'content_filter'),
    ],
    [
      'blocked prompt (no candidates)',
      { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 5 } },
      completion({ role: 'assistant', content: null }, 'content_filter', { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 }),
    ],
    ['empty response', {}, completion({ role: 'assistant', content: null }, 'stop')],
  ];

  it.each(cases)('%s', (_name, response, expected) => {
    expect(convertGeminiResponseToOpenAI(response, options)).toEqual(expected);
  });

  it('answers a call of a custom tool as a custom tool call with the text of its input', () => {
    const response: GeminiResponse = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' }, id: 'c1' }, thoughtSignature: 'sig' },
              { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'c2' } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
    };
    const message = convertGeminiResponseToOpenAI(response, { ...options, customToolNames: new Set(['apply_patch']) }).choices[0].message;
    expect(message.tool_calls).toEqual([
      { id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch' }, extra_content: { google: { thought_signature: 'sig' } } },
      { id: 'c2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
  });
});
