import { describe, it, expect } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { encodeJsonUtf8 } from '../../shared/encode-json-utf8.js';
import { SKIP_THOUGHT_SIGNATURE } from './gemini-api.js';
import type { GeminiRequest } from './gemini-api.js';
import { parseGeminiGenerateRequest } from './parse-gemini-generate-request.js';
import { prepareGeminiRequest } from './prepare-gemini-request.js';

describe('prepareGeminiRequest', () => {
  it('gives every content a Code Assist role', () => {
    const prepared = prepareGeminiRequest({
      contents: [
        { parts: [{ text: 'a' }] },
        { role: 'assistant', parts: [{ text: 'b' }] },
        { role: 'function', parts: [{ functionResponse: { name: 'f', response: {} } }] },
        { role: 'model', parts: [{ text: 'c' }] },
      ],
    });
    expect(prepared.contents.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model']);
  });

  it('adds the skip sentinel to model function calls without a signature, keeps real ones', () => {
    const request: GeminiRequest = {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        {
          role: 'model',
          parts: [
            { text: 'thinking', thought: true },
            { functionCall: { name: 'first', args: {} }, thoughtSignature: 'real-signature' },
            { functionCall: { name: 'second', args: {} } },
            { functionCall: { name: 'third', args: {} }, thoughtSignature: '' },
          ],
        },
      ],
    };
    const prepared = prepareGeminiRequest(request);
    expect(prepared.contents[1].parts).toEqual([
      { text: 'thinking', thought: true },
      { functionCall: { name: 'first', args: {} }, thoughtSignature: 'real-signature' },
      { functionCall: { name: 'second', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: 'third', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
    ]);
    expect(request.contents[1].parts[2]).not.toHaveProperty('thoughtSignature'); // not mutated
    expect(prepared.contents[0].parts[0]).not.toHaveProperty('thoughtSignature');
  });

  it('cleans function parameter schemas and folds parametersJsonSchema into parameters', () => {
    const prepared = prepareGeminiRequest(
      parseGeminiGenerateRequest({
        contents: [{ parts: [{ text: 'x' }] }],
        tools: [
          {
            function_declarations: [
              {
                name: 'bash',
                parameters: {
                  $schema: 'http://json-schema.org/draft-07/schema#',
                  type: 'object',
                  additionalProperties: false,
                  properties: { command: { type: 'string' }, timeout: { type: ['number', 'null'] } },
                  required: ['command'],
                },
              },
              { name: 'list', parameters_json_schema: { type: 'object', properties: { dir: { const: '.' } } } },
              { name: 'noop' },
            ],
          },
          { googleSearch: {} },
        ],
      }),
    );
    expect(prepared.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'bash',
            parameters: {
              type: 'object',
              properties: { command: { type: 'string' }, timeout: { type: 'number', nullable: true } },
              required: ['command'],
            },
          },
          { name: 'list', parameters: { type: 'object', properties: { dir: { type: 'string', enum: ['.'] } } } },
          { name: 'noop' },
        ],
      },
      { googleSearch: {} },
    ]);
  });
});

describe('prepareGeminiRequest: kept values', () => {
  const body = {
    contents: [
      { role: 'user', parts: [{ text: 'kept turn' }] },
      { role: 'model', parts: [{ function_call: { name: 'read', args: { file_path: 'a' } } }] },
    ],
    system_instruction: { parts: [{ text: 'kept system' }] },
    tools: [{ function_declarations: [{ name: 'read', parameters_json_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }] }],
  };

  it('normalises, validates and prepares a frozen (kept) entry, tool list and system instruction once, with the bytes of a fresh parse', () => {
    const kept = () => ({ ...body, contents: [...frozen.contents, { role: 'user', parts: [{ text: 'new turn' }] }] });
    const frozen = deepFreeze(structuredClone(body));
    const fresh = prepareGeminiRequest(parseGeminiGenerateRequest({ ...structuredClone(body), contents: [...structuredClone(body.contents), { role: 'user', parts: [{ text: 'new turn' }] }] }));
    const first = prepareGeminiRequest(parseGeminiGenerateRequest({ ...kept(), system_instruction: frozen.system_instruction, tools: frozen.tools }));
    const second = prepareGeminiRequest(parseGeminiGenerateRequest({ ...kept(), system_instruction: frozen.system_instruction, tools: frozen.tools }));
    expect(second.contents[0]).toBe(first.contents[0]);
    expect(second.contents[1]).toBe(first.contents[1]);
    expect(second.contents[2]).not.toBe(first.contents[2]);
    expect(second.tools).toBe(first.tools);
    expect(second.systemInstruction).toBe(first.systemInstruction);
    expect(Object.isFrozen(second.tools)).toBe(true);
    expect(second.contents[1].parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(encodeJsonUtf8(second).toString('utf8')).toBe(JSON.stringify(fresh));
  });

  it('prepares a value that is not frozen every time', () => {
    const first = prepareGeminiRequest(parseGeminiGenerateRequest(structuredClone(body)));
    const second = prepareGeminiRequest(parseGeminiGenerateRequest(structuredClone(body)));
    expect(second).toEqual(first);
    expect(second.tools).not.toBe(first.tools);
    expect(Object.isFrozen(second.contents[0])).toBe(false);
  });
});
