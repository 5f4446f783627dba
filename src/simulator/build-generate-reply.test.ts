import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../protocols/gemini/gemini-api.js';
import { buildGenerateReply, SIM_IMAGE_PNG_BASE64 } from './build-generate-reply.js';
import { readSimThoughtSignatureFamily, simulatedFamilyOf } from './sim-thought-signature.js';

const MODEL = { model: 'gemini-3-flash' };

function ask(text: string, extra: Partial<GeminiRequest> = {}): GeminiRequest {
  return { contents: [{ role: 'user', parts: [{ text }] }], ...extra };
}

const WEATHER_TOOL = {
  functionDeclarations: [
    {
      name: 'get_weather',
      parameters: {
        type: 'OBJECT',
        properties: { city: { type: 'STRING' }, days: { type: 'INTEGER' }, metric: { type: 'BOOLEAN' } },
        required: ['city', 'days'],
      },
    },
    { name: 'other_tool' },
  ],
};

describe('buildGenerateReply', () => {
  it('echoes the last user text with deterministic usage', () => {
    const reply = buildGenerateReply(
      {
        contents: [
          { role: 'user', parts: [{ text: 'first' }] },
          { role: 'model', parts: [{ text: 'answer' }] },
          { role: 'user', parts: [{ text: 'second' }, { text: 'line' }] },
        ],
      },
      MODEL,
    );
    expect(reply.parts).toEqual([{ text: 'Echo: second\nline' }]);
    expect(reply.finishReason).toBe('STOP');
    // prompt: "first"+"answer"+"second"+"line" = 21 chars → 6 tokens; reply 17 chars → 5 tokens.
    expect(reply.usageMetadata).toEqual({ promptTokenCount: 6, candidatesTokenCount: 5, totalTokenCount: 11 });
  });

  it('describes inline images with their decoded size', () => {
    const data = Buffer.from('0123456789').toString('base64');
    const reply = buildGenerateReply(
      { contents: [{ role: 'user', parts: [{ text: 'look' }, { inlineData: { mimeType: 'image/png', data } }] }] },
      MODEL,
    );
    expect(reply.parts).toEqual([{ text: 'Echo: look [image image/png 10 bytes]' }]);
  });

  it('calls the first declared function with placeholder arguments for the required properties', () => {
    const reply = buildGenerateReply(ask('weather please', { tools: [WEATHER_TOOL] }), MODEL);
    expect(reply.parts).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'sim', days: 1 }, id: 'call_1' } }]);
    expect(reply.finishReason).toBe('STOP');
  });

  it('numbers call ids after the calls already in the history', () => {
    const reply = buildGenerateReply(
      {
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: {} }, thoughtSignature: 'x' }] },
          { role: 'user', parts: [{ text: 'again' }] },
        ],
        tools: [WEATHER_TOOL],
      },
      MODEL,
    );
    expect(reply.parts[0].functionCall?.id).toBe('call_2');
  });

  it('calls the named tool with the given arguments when the text says "call the tool <name> with {…}"', () => {
    const reply = buildGenerateReply(ask('Please call the tool other_tool with {"path":"/tmp/a b.txt","n":2} now', { tools: [WEATHER_TOOL] }), MODEL);
    expect(reply.parts).toEqual([{ functionCall: { name: 'other_tool', args: { path: '/tmp/a b.txt', n: 2 }, id: 'call_1' } }]);
    const quoted = buildGenerateReply(ask('"call the tool other_tool with {\\"path\\":\\"/tmp/x\\"}"', { tools: [WEATHER_TOOL] }), MODEL);
    expect(quoted.parts).toEqual([{ functionCall: { name: 'other_tool', args: { path: '/tmp/x' }, id: 'call_1' } }]);
    const missing = buildGenerateReply(ask('call the tool read_file with {"path":"x"}', { tools: [WEATHER_TOOL] }), MODEL);
    expect(missing.parts).toEqual([{ text: 'No tool named read_file is offered (offered: get_weather, other_tool)' }]);
  });

  it('answers a JSON-schema request with JSON built from the schema (Gemini CLI\'s router)', () => {
    const schema = {
      type: 'object',
      properties: { complexity_reasoning: { type: 'string' }, complexity_score: { type: 'integer', minimum: 1, maximum: 100 } },
      required: ['complexity_reasoning', 'complexity_score'],
    };
    const reply = buildGenerateReply(ask('route this', { generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema } }), MODEL);
    expect(JSON.parse(String(reply.parts[0].text))).toEqual({ complexity_reasoning: 'sim', complexity_score: 1 });
    const noSchema = buildGenerateReply(ask('hi', { generationConfig: { responseMimeType: 'application/json' } }), MODEL);
    expect(noSchema.parts).toEqual([{ text: 'Echo: hi' }]);
  });

  it('calls no tool unasked in the on-request mode', () => {
    const options = { ...MODEL, toolCalls: 'on-request' as const };
    expect(buildGenerateReply(ask('Weather in Paris?', { tools: [WEATHER_TOOL] }), options).parts).toEqual([{ text: 'Echo: Weather in Paris?' }]);
    expect(buildGenerateReply(ask('call the tool get_weather with {"city":"Paris","days":1}', { tools: [WEATHER_TOOL] }), options).parts).toEqual([
      { functionCall: { name: 'get_weather', args: { city: 'Paris', days: 1 }, id: 'call_1' } },
    ]);
  });

  it('answers with text when the user says "no tools" or calling mode is NONE', () => {
    expect(buildGenerateReply(ask('No tools, just talk', { tools: [WEATHER_TOOL] }), MODEL).parts).toEqual([
      { text: 'Echo: No tools, just talk' },
    ]);
    const none = ask('hi', { tools: [WEATHER_TOOL], toolConfig: { functionCallingConfig: { mode: 'NONE' } } });
    expect(buildGenerateReply(none, MODEL).parts).toEqual([{ text: 'Echo: hi' }]);
  });

  it('honours allowedFunctionNames', () => {
    const request = ask('hi', {
      tools: [WEATHER_TOOL],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['other_tool'] } },
    });
    expect(buildGenerateReply(request, MODEL).parts[0].functionCall?.name).toBe('other_tool');
  });

  it('reports function responses instead of calling again', () => {
    const reply = buildGenerateReply(
      {
        contents: [
          { role: 'user', parts: [{ text: 'weather?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: {} }, thoughtSignature: 's' }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
        ],
        tools: [WEATHER_TOOL],
      },
      MODEL,
    );
    expect(reply.parts).toEqual([{ text: 'Tool get_weather returned: {"temp":21}' }]);
  });

  it('adds a signed thought first when thinking is asked for, and signs the function call', () => {
    const reply = buildGenerateReply(
      ask('a question that is definitely longer than forty characters', {
        tools: [WEATHER_TOOL],
        generationConfig: { thinkingConfig: { includeThoughts: true } },
      }),
      MODEL,
    );
    const [thought, call] = reply.parts;
    expect(thought.thought).toBe(true);
    expect(thought.text).toBe('Thinking about: a question that is definitely longer tha');
    expect(readSimThoughtSignatureFamily(thought.thoughtSignature)).toBe(simulatedFamilyOf(MODEL.model));
    expect(call.functionCall?.name).toBe('get_weather');
    expect(call.thoughtSignature).toBe(thought.thoughtSignature);
    expect(reply.usageMetadata.thoughtsTokenCount).toBe(Math.ceil((thought.text as string).length / 4));
  });

  it('thinks with a positive budget but not with budget 0', () => {
    const budget = (thinkingBudget: number) =>
      buildGenerateReply(ask('hi', { generationConfig: { thinkingConfig: { thinkingBudget } } }), MODEL).parts.length;
    expect(budget(1024)).toBe(2);
    expect(budget(0)).toBe(1);
  });

  it('truncates to maxOutputTokens and reports MAX_TOKENS', () => {
    const reply = buildGenerateReply(ask('x'.repeat(100), { generationConfig: { maxOutputTokens: 5 } }), MODEL);
    expect(reply.parts).toEqual([{ text: `Echo: ${'x'.repeat(14)}` }]);
    expect(reply.finishReason).toBe('MAX_TOKENS');
    expect(reply.usageMetadata.candidatesTokenCount).toBe(5);
  });

  it('adds a generated image for image models', () => {
    const reply = buildGenerateReply(ask('draw a cat'), { model: 'gemini-3.1-flash-image', generatesImages: true });
    expect(reply.parts).toEqual([
      { text: 'Echo: draw a cat' },
      { inlineData: { mimeType: 'image/png', data: SIM_IMAGE_PNG_BASE64 } },
    ]);
  });
});
