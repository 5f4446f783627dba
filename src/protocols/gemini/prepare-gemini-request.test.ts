import { describe, it, expect } from 'vitest';
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
