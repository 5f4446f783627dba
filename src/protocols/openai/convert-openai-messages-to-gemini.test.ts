import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { SKIP_THOUGHT_SIGNATURE } from '../gemini/gemini-api.js';
import { convertOpenAIMessagesToGemini, type ConvertedMessages } from './convert-openai-messages-to-gemini.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

/** Messages go through the real parser so the tests use the shapes the converter really receives. */
function convert(messages: unknown[]): ConvertedMessages {
  return convertOpenAIMessagesToGemini(parseOpenAIChatRequest({ model: 'm', messages }).messages);
}

describe('convertOpenAIMessagesToGemini', () => {
  const cases: Array<[string, unknown[], ConvertedMessages]> = [
    [
      'system, developer and a multi-turn conversation',
      [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }, { type: 'text', text: '' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
      ],
      {
        systemInstruction: { parts: [{ text: 'You are terse.' }, { text: 'Answer in French.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Hi' }] },
          { role: 'model', parts: [{ text: 'Bonjour' }] },
          { role: 'user', parts: [{ text: 'How are you?' }] },
        ],
      },
    ],
    [
      'consecutive turns of one role merged, empty text dropped',
      [
        { role: 'user', content: 'a' },
        { role: 'user', content: '' },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: [{ type: 'text', text: 'd' }, { type: 'refusal', refusal: 'e' }] },
        { role: 'assistant', content: null },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
          { role: 'model', parts: [{ text: 'c' }, { text: 'd' }, { text: 'e' }] },
        ],
      },
    ],
    [
      'a system-only conversation becomes the user turn',
      [{ role: 'system', content: 'Say hi.' }],
      { contents: [{ role: 'user', parts: [{ text: 'Say hi.' }] }] },
    ],
    [
      'image data URL, http image, audio and a PDF file',
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.WEBP?size=2' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
      {
        contents: [
          {
            role: 'user',
            parts: [
              { text: 'What is this?' },
              { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
              { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.WEBP?size=2' } },
              { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
              { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
            ],
          },
        ],
      },
    ],
    [
      'tool call round trip: names resolved from ids, signatures echoed or skipped, results merged',
      [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Two cities, two calls.',
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              extra_content: { google: { thought_signature: 'sig-123' } },
            },
            { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: 'noon' }] },
        { role: 'user', content: 'Thanks' },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
          {
            role: 'model',
            parts: [
              { text: 'Two cities, two calls.', thought: true },
              { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'call_a' }, thoughtSignature: 'sig-123' },
              { functionCall: { name: 'get_time', args: {}, id: 'call_b' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { name: 'get_weather', id: 'call_a', response: { result: { temp: 21 } } } },
              { functionResponse: { name: 'get_time', id: 'call_b', response: { result: { content: 'noon' } } } },
              { text: 'Thanks' },
            ],
          },
        ],
      },
    ],
    [
      'a custom tool call goes back as a function call of one string, input; its result by id',
      [
        { role: 'user', content: 'Patch it' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_p', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch' } }] },
        { role: 'tool', tool_call_id: 'call_p', content: 'Done' },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'Patch it' }] },
          {
            role: 'model',
            parts: [{ functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' }, id: 'call_p' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }],
          },
          { role: 'user', parts: [{ functionResponse: { name: 'apply_patch', id: 'call_p', response: { result: { content: 'Done' } } } }] },
        ],
      },
    ],
    [
      'thinking text comes before the answer; arguments given as an object are accepted',
      [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          reasoning_content: 'think',
          content: 'answer',
          tool_calls: [{ id: 'c1', function: { name: 'f', arguments: { x: 1 } }, extra_content: { google: 'bad' } }],
        },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'q' }] },
          {
            role: 'model',
            parts: [
              { text: 'think', thought: true },
              { text: 'answer' },
              { functionCall: { name: 'f', args: { x: 1 }, id: 'c1' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
            ],
          },
        ],
      },
    ],
    [
      'deprecated function_call and function messages',
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":"x"}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'q' }] },
          { role: 'model', parts: [{ functionCall: { name: 'lookup', args: { q: 'x' } }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }] },
          { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { result: { content: 'found' } } } }] },
        ],
      },
    ],
    [
      'a tool result whose call is gone falls back to the message name; JSON arrays stay text',
      [
        { role: 'user', content: 'q' },
        { role: 'tool', tool_call_id: 'old', name: 'search', content: '[1,2]' },
      ],
      {
        contents: [
          {
            role: 'user',
            parts: [
              { text: 'q' },
              { functionResponse: { name: 'search', id: 'old', response: { result: { content: '[1,2]' } } } },
            ],
          },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (_name, messages, expected) => {
    expect(convert(messages)).toEqual(expected);
  });

  const failures: Array<[string, unknown[], string]> = [
    [
      'invalid JSON arguments',
      [{ role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{"a":' } }] }],
      'messages[0].tool_calls[0].function.arguments: is not valid JSON',
    ],
    [
      'arguments that are not an object',
      [{ role: 'user', content: 'q' }, { role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '[1]' } }] }],
      'messages[1].tool_calls[0].function.arguments: must be a JSON object',
    ],
    [
      'a tool result for an unknown call',
      [{ role: 'user', content: 'q' }, { role: 'tool', tool_call_id: 'nope', content: 'x' }],
      'messages[1].tool_call_id: no earlier assistant tool call has id "nope"',
    ],
    ['nothing to send', [{ role: 'user', content: '' }], 'messages: must contain at least one message with non-empty content'],
    [
      'an image URL with an unsupported scheme',
      [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }],
      'messages[0].content[0].image_url.url: must be a data: URL or an http(s) URL',
    ],
  ];

  it.each(failures)('rejects %s', (_name, messages, message) => {
    expect(() => convert(messages)).toThrow(new GatewayError('INVALID_REQUEST', message));
    try {
      convert(messages);
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('INVALID_REQUEST');
    }
  });
});
