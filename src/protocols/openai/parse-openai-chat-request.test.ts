import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

const user = { role: 'user', content: 'hi' };

function parseError(body: unknown): GatewayError {
  try {
    parseOpenAIChatRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected parseOpenAIChatRequest to throw');
}

describe('parseOpenAIChatRequest', () => {
  it('accepts a full request and keeps unknown fields', () => {
    const body = {
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'be brief' }] },
        { role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: 'https://x/a.png', detail: 'low' } }] },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'hmm',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: 7 }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
        { role: 'function', name: 'f', content: null },
      ],
      user: 'someone',
      seed: 3,
      logprobs: false,
      stream: true,
      stream_options: { include_usage: true },
      temperature: null,
      stop: ['a'],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }, { type: 'web_search' }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    };
    expect(parseOpenAIChatRequest(body)).toEqual(body);
  });

  it('does not let __proto__ keys change prototypes', () => {
    const body: unknown = JSON.parse('{"model":"m","messages":[{"role":"user","content":"a"}],"__proto__":{"polluted":1}}');
    const parsed = parseOpenAIChatRequest(body);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const invalidBodies: Array<[string, unknown, string]> = [
    ['null body', null, 'request body: must be an object (received null)'],
    ['array body', [user], 'request body: must be an object (received array)'],
    ['string body', 'hello', 'request body: must be an object (received string)'],
    ['missing model', { messages: [user] }, 'model: is required'],
    ['empty model', { model: '', messages: [user] }, 'model: must be a non-empty string'],
    ['numeric model', { model: 4, messages: [user] }, 'model: must be a string (received number)'],
    ['missing messages', { model: 'm' }, 'messages: is required'],
    ['empty messages', { model: 'm', messages: [] }, 'messages: must contain at least one message'],
    ['messages as object', { model: 'm', messages: { role: 'user' } }, 'messages: must be an array (received object)'],
    ['number as a message', { model: 'm', messages: [5] }, 'messages[0]: must be an object'],
    [
      'unknown role',
      { model: 'm', messages: [{ role: 'robot', content: 'x' }] },
      'messages[0].role: must be one of "system", "developer", "user", "assistant", "tool", "function"',
    ],
    [
      'user content of the wrong type',
      { model: 'm', messages: [user, { role: 'user', content: 42 }] },
      'messages[1].content: must be a string or an array of content parts',
    ],
    ['user content missing', { model: 'm', messages: [{ role: 'user' }] }, 'messages[0].content: must be a string or an array of content parts'],
    [
      'text part with a number',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] },
      'messages[0].content[0].text: must be a string (received number)',
    ],
    [
      'unknown part type',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'video', video: 'x' }] }] },
      'messages[0].content[0].type: unsupported content part type; expected one of "text", "image_url", "input_audio", "file"',
    ],
    [
      'image_url without url',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
      'messages[0].content[0].image_url.url: is required',
    ],
    [
      'system content with an image',
      { model: 'm', messages: [{ role: 'system', content: [{ type: 'image_url', image_url: 'x' }] }] },
      'messages[0].content[0].type: must be "text"',
    ],
    [
      'tool message without tool_call_id',
      { model: 'm', messages: [{ role: 'tool', content: 'x' }] },
      'messages[0].tool_call_id: is required',
    ],
    [
      'tool call without a name',
      { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'a', function: { arguments: '{}' } }] }] },
      'messages[0].tool_calls[0].function.name: is required',
    ],
    [
      'tool call arguments as a number',
      { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'a', function: { name: 'f', arguments: 1 } }] }] },
      'messages[0].tool_calls[0].function.arguments: must be a JSON string',
    ],
    ['temperature as a string', { model: 'm', messages: [user], temperature: 'hot' }, 'temperature: must be a number (received string)'],
    ['fractional max_tokens', { model: 'm', messages: [user], max_tokens: 1.5 }, 'max_tokens: must be an integer (received number)'],
    ['zero n', { model: 'm', messages: [user], n: 0 }, 'n: must be a positive integer'],
    ['stop as a number', { model: 'm', messages: [user], stop: 3 }, 'stop: must be a string or an array of strings'],
    [
      'function tool without function',
      { model: 'm', messages: [user], tools: [{ type: 'function' }] },
      'tools[0].function: is required for tools of type "function"',
    ],
    [
      'bad tool_choice',
      { model: 'm', messages: [user], tool_choice: 'always' },
      'tool_choice: must be "none", "auto", "required", {"type":"function","function":{"name":…}}, {"type":"custom","custom":{"name":…}} or {"type":"allowed_tools",…}',
    ],
    [
      'bad response_format',
      { model: 'm', messages: [user], response_format: { type: 'xml' } },
      'response_format.type: must be one of "text", "json_object", "json_schema"',
    ],
    ['two problems', { model: 5, messages: 5 }, 'model: must be a string (received number) (and 1 more problem)'],
  ];

  it.each(invalidBodies)('rejects %s', (_name, body, message) => {
    const error = parseError(body);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });
});

describe('messages and tools kept between requests (deep-frozen by the body parser)', () => {
  const call = { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } }] };
  const tools = [{ type: 'function', function: { name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];

  it('gives the same request as for values not kept, and the same result object for a kept message every time', () => {
    const keptCall = deepFreeze(structuredClone(call));
    const keptTools = deepFreeze(structuredClone(tools));
    const body = { model: 'm', messages: [user, keptCall, { role: 'tool', tool_call_id: 'c1', content: 'x' }], tools: keptTools };
    const first = parseOpenAIChatRequest(body);
    const again = parseOpenAIChatRequest({ ...body, temperature: 0.5 });
    expect(first).toEqual(parseOpenAIChatRequest(structuredClone(body)));
    expect(again.messages[1]).toBe(first.messages[1]);
    expect(again.tools).toBe(first.tools);
  });

  it('names the problem of a bad kept message or tool list as it would without keeping', () => {
    const badCall = { ...call, tool_calls: [{ id: 'c1', type: 'function', function: { name: 7 } }] };
    const badTools = [{ type: 'function', function: { parameters: {} } }];
    for (const body of [
      { model: 'm', messages: [user, badCall] },
      { model: 'm', messages: [user, call], tools: badTools },
      { model: '', messages: [user, call] },
    ]) {
      const expected = parseError(structuredClone(body)).message;
      expect(parseError(deepFreeze(structuredClone(body))).message).toBe(expected);
      expect(parseError({ ...body, messages: body.messages.map((message) => deepFreeze(structuredClone(message))) }).message).toBe(expected);
    }
  });
});
