import { describe, it, expect } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { parseGeminiGenerateRequest } from './parse-gemini-generate-request.js';

function captureError(body: unknown): GatewayError {
  try {
    parseGeminiGenerateRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected parseGeminiGenerateRequest to throw');
}

describe('parseGeminiGenerateRequest', () => {
  it('accepts a minimal camelCase body and keeps unknown fields', () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], cachedContent: 'cache/1', labels: { team_name: 'x' } };
    expect(parseGeminiGenerateRequest(body)).toEqual(body);
  });

  it('normalises snake_case structure to camelCase but leaves data alone', () => {
    const parsed = parseGeminiGenerateRequest({
      system_instruction: { parts: [{ text: 'be brief' }] },
      contents: [
        { role: 'user', parts: [{ text: 'look' }, { inline_data: { mime_type: 'image/png', data: 'iVBOR' } }] },
        {
          role: 'model',
          parts: [{ function_call: { name: 'read_file', args: { file_path: '/tmp/a', max_lines: 3 } }, thought_signature: 'sig' }],
        },
        { role: 'user', parts: [{ function_response: { name: 'read_file', response: { file_content: 'x' } } }] },
      ],
      generation_config: { max_output_tokens: 100, top_p: 0.5, thinking_config: { include_thoughts: true, thinking_budget: 64 } },
      tools: [
        {
          function_declarations: [
            { name: 'read_file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } } },
          ],
        },
      ],
      tool_config: { function_calling_config: { mode: 'ANY', allowed_function_names: ['read_file'] } },
      safety_settings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'OFF' }],
      labels: { cost_center: 'a' },
    });
    expect(parsed).toEqual({
      systemInstruction: { parts: [{ text: 'be brief' }] },
      contents: [
        { role: 'user', parts: [{ text: 'look' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
        {
          role: 'model',
          parts: [{ functionCall: { name: 'read_file', args: { file_path: '/tmp/a', max_lines: 3 } }, thoughtSignature: 'sig' }],
        },
        { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { file_content: 'x' } } }] },
      ],
      generationConfig: { maxOutputTokens: 100, topP: 0.5, thinkingConfig: { includeThoughts: true, thinkingBudget: 64 } },
      tools: [
        { functionDeclarations: [{ name: 'read_file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } } }] },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['read_file'] } },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'OFF' }],
      labels: { cost_center: 'a' },
    });
  });

  it('prefers the camelCase spelling when both are sent', () => {
    const parsed = parseGeminiGenerateRequest({
      contents: [{ parts: [{ text: 'x' }] }],
      generationConfig: { temperature: 1 },
      generation_config: { temperature: 0 },
    });
    expect(parsed.generationConfig).toEqual({ temperature: 1 });
    expect(parsed).not.toHaveProperty('generation_config');
  });

  it('turns a string systemInstruction into a Content', () => {
    const parsed = parseGeminiGenerateRequest({ contents: [{ parts: [{ text: 'x' }] }], systemInstruction: 'be kind' });
    expect(parsed.systemInstruction).toEqual({ parts: [{ text: 'be kind' }] });
  });

  it('keeps function args by reference, including odd keys', () => {
    const args = JSON.parse('{"__proto__":{"x":1},"y":2}') as Record<string, unknown>;
    const parsed = parseGeminiGenerateRequest({ contents: [{ role: 'model', parts: [{ functionCall: { name: 'f', args } }] }] });
    expect(parsed.contents[0].parts[0].functionCall?.args).toBe(args);
  });

  it.each([
    ['a string body', 'hello', 'Request body must be a JSON object'],
    ['null', null, 'Request body must be a JSON object'],
    ['an array body', [{ parts: [] }], 'Request body must be a JSON object'],
    ['missing contents', {}, 'contents must be an array of Content objects'],
    ['contents not an array', { contents: { parts: [{ text: 'x' }] } }, 'contents must be an array of Content objects'],
    ['empty contents', { contents: [] }, 'contents must not be empty'],
    ['a content without parts', { contents: [{ role: 'user' }] }, 'contents[0].parts: parts must be an array of Part objects'],
    ['empty parts', { contents: [{ parts: [] }] }, 'contents[0].parts: parts must not be empty'],
    ['a numeric text', { contents: [{ parts: [{ text: 5 }] }] }, 'contents[0].parts[0].text'],
    ['a numeric role', { contents: [{ role: 1, parts: [{ text: 'x' }] }] }, 'contents[0].role'],
    ['function call without name', { contents: [{ parts: [{ functionCall: { args: {} } }] }] }, 'contents[0].parts[0].functionCall.name'],
    ['function args as a string', { contents: [{ parts: [{ functionCall: { name: 'f', args: '{}' } }] }] }, 'functionCall.args: expected a JSON object'],
    ['temperature as a string', { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { temperature: 'hot' } }, 'generationConfig.temperature'],
    ['fractional maxOutputTokens', { contents: [{ parts: [{ text: 'x' }] }], generation_config: { max_output_tokens: 1.5 } }, 'generationConfig.maxOutputTokens'],
    ['tools not an array', { contents: [{ parts: [{ text: 'x' }] }], tools: { functionDeclarations: [] } }, 'tools'],
    ['declaration without name', { contents: [{ parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{}] }] }, 'function declarations need a string name'],
  ])('rejects %s with INVALID_REQUEST', (_name, body, message) => {
    const error = captureError(body);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});
