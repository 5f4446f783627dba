import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { SKIP_THOUGHT_SIGNATURE, type GeminiGenerationConfig } from '../gemini/gemini-api.js';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';
import type { ConvertedRequest } from '../stream-encoder.js';
import { convertOpenAIRequestToGemini } from './convert-openai-request-to-gemini.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

const hello = [{ role: 'user', content: 'Hello' }];

function convert(body: Record<string, unknown>): ConvertedRequest {
  return convertOpenAIRequestToGemini(parseOpenAIChatRequest(body));
}

function generationConfigOf(fields: Record<string, unknown>, model = 'gemini-2.5-flash'): GeminiGenerationConfig | undefined {
  return convert({ model, messages: hello, ...fields }).request.generationConfig;
}

describe('convertOpenAIRequestToGemini', () => {
  it('converts a minimal request', () => {
    expect(convert({ model: 'gemini-2.5-flash', messages: hello, user: 'ignored', seed: 1 })).toEqual({
      model: 'gemini-2.5-flash',
      stream: false,
      request: { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] },
    });
  });

  it('converts a streaming tool-calling conversation with a system prompt', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(
      convert({
        model: 'gemini-2.5-pro',
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_0', content: 'sunny' },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
        tool_choice: 'auto',
        temperature: 0.2,
      }),
    ).toEqual({
      model: 'gemini-2.5-pro',
      stream: true,
      request: {
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'call_0' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
            ],
          },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'get_weather', id: 'call_0', response: { result: { content: 'sunny' } } } }],
          },
        ],
        tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: convertJsonSchemaToGeminiSchema(parameters) }] }],
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
        generationConfig: { temperature: 0.2 },
      },
    });
  });

  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
  const generationConfigs: Array<[string, Record<string, unknown>, GeminiGenerationConfig | undefined]> = [
    ['nothing set', {}, undefined],
    ['nulls everywhere', { temperature: null, top_p: null, max_tokens: null, stop: null, n: null, reasoning_effort: null }, undefined],
    [
      'sampling and limits',
      { max_tokens: 100, temperature: 0.7, top_p: 0.9, n: 1, stop: 'END' },
      { maxOutputTokens: 100, temperature: 0.7, topP: 0.9, candidateCount: 1, stopSequences: ['END'] },
    ],
    ['max_completion_tokens wins over max_tokens', { max_tokens: 10, max_completion_tokens: 20 }, { maxOutputTokens: 20 }],
    ['stop list without empty strings', { stop: ['a', '', 'b'] }, { stopSequences: ['a', 'b'] }],
    ['text response format', { response_format: { type: 'text' } }, undefined],
    ['JSON mode', { response_format: { type: 'json_object' } }, { responseMimeType: 'application/json' }],
    [
      'JSON schema',
      { response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } },
      { responseMimeType: 'application/json', responseSchema: convertJsonSchemaToGeminiSchema(schema) },
    ],
    ['reasoning_effort low', { reasoning_effort: 'low' }, { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } }],
    ['reasoning_effort medium', { reasoning_effort: 'medium' }, { thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 } }],
    ['reasoning_effort HIGH', { reasoning_effort: 'HIGH' }, { thinkingConfig: { includeThoughts: true, thinkingBudget: 24576 } }],
    ['reasoning_effort none', { reasoning_effort: 'none' }, undefined],
    [
      'a token limit below the thinking budget gets the budget added',
      { reasoning_effort: 'medium', max_tokens: 500 },
      { maxOutputTokens: 8692, thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 } },
    ],
    [
      'a token limit above the thinking budget is kept',
      { reasoning_effort: 'low', max_tokens: 4000 },
      { maxOutputTokens: 4000, thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    ],
  ];

  it.each(generationConfigs)('generation config: %s', (_name, fields, expected) => {
    expect(generationConfigOf(fields)).toEqual(expected);
  });

  it('leaves the thinking of models named "thinking" to the upstream model, not the name', () => {
    expect(generationConfigOf({}, 'claude-sonnet-4-5-thinking')).toBeUndefined();
    expect(generationConfigOf({ reasoning_effort: 'low' }, 'gemini-2.5-flash-Thinking')).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
    });
  });

  const failures: Array<[string, Record<string, unknown>, string]> = [
    ['n above 1', { n: 2 }, 'n: only 1 is supported'],
    ['an unknown reasoning effort', { reasoning_effort: 'extreme' }, 'reasoning_effort: must be one of "none", "minimal", "low", "medium", "high"'],
  ];

  it.each(failures)('rejects %s', (_name, fields, message) => {
    expect(() => convert({ model: 'm', messages: hello, ...fields })).toThrow(new GatewayError('INVALID_REQUEST', message));
  });
});
