import { describe, expect, it } from 'vitest';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';
import { convertOpenAIToolsToGemini, type ConvertedTools } from './convert-openai-tools-to-gemini.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

function convert(fields: Record<string, unknown>): ConvertedTools {
  return convertOpenAIToolsToGemini(parseOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'q' }], ...fields }));
}

const weatherParameters = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { city: { type: 'string', description: 'City name' } },
  required: ['city'],
  additionalProperties: false,
};

const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather', parameters: weatherParameters, strict: true },
};

describe('convertOpenAIToolsToGemini', () => {
  it('declares function tools with cleaned parameter schemas', () => {
    const converted = convert({ tools: [weatherTool, { type: 'function', function: { name: 'ping' } }, { type: 'web_search' }] });
    expect(converted).toEqual({
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', description: 'Current weather', parameters: convertJsonSchemaToGeminiSchema(weatherParameters) },
            { name: 'ping' },
          ],
        },
      ],
    });
    const parameters = converted.tools?.[0].functionDeclarations?.[0].parameters;
    // Gemini rejects these keywords; the schema cleaner must have removed them.
    expect(parameters).not.toHaveProperty('$schema');
    expect(parameters).not.toHaveProperty('additionalProperties');
    expect(parameters).toMatchObject({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
  });

  const choices: Array<[string, Record<string, unknown>, ConvertedTools['toolConfig']]> = [
    ['no choice', {}, undefined],
    ['none', { tool_choice: 'none' }, { functionCallingConfig: { mode: 'NONE' } }],
    ['auto', { tool_choice: 'auto' }, { functionCallingConfig: { mode: 'AUTO' } }],
    ['required', { tool_choice: 'required' }, { functionCallingConfig: { mode: 'ANY' } }],
    [
      'a named function',
      { tool_choice: { type: 'function', function: { name: 'get_weather' } } },
      { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
    ],
    ['deprecated function_call "none"', { function_call: 'none' }, { functionCallingConfig: { mode: 'NONE' } }],
    [
      'deprecated function_call by name',
      { function_call: { name: 'get_weather' } },
      { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
    ],
    ['tool_choice wins over function_call', { tool_choice: 'auto', function_call: 'none' }, { functionCallingConfig: { mode: 'AUTO' } }],
  ];

  it.each(choices)('tool choice: %s', (_name, fields, toolConfig) => {
    expect(convert({ tools: [weatherTool], ...fields }).toolConfig).toEqual(toolConfig);
  });

  it('accepts the deprecated functions list', () => {
    expect(
      convert({ functions: [{ name: 'get_weather', description: '', parameters: weatherParameters }], function_call: 'auto' }),
    ).toEqual({
      tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: convertJsonSchemaToGeminiSchema(weatherParameters) }] }],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
    });
  });

  it('sends no tool config without declarations', () => {
    expect(convert({ tool_choice: 'required', tools: [{ type: 'web_search' }] })).toEqual({});
  });

  it('declares custom tools as a function of one string, input, with the grammar in its description', () => {
    const converted = convert({
      tools: [
        weatherTool,
        { type: 'custom', custom: { name: 'run_sql', description: 'Run a query', format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: "SELECT" /.+/' } } } },
        { type: 'custom', custom: { name: 'note' } },
      ],
      tool_choice: { type: 'custom', custom: { name: 'run_sql' } },
    });
    const declarations = converted.tools?.[0]?.functionDeclarations ?? [];
    expect(declarations.map((declaration) => declaration.name)).toEqual(['get_weather', 'run_sql', 'note']);
    expect(declarations[1]).toMatchObject({ description: 'Run a query', parameters: { type: 'object', required: ['input'] } });
    const input = (declarations[1].parameters as { properties: { input: { type: string; description: string } } }).properties.input;
    expect(input.type).toBe('string');
    expect(input.description).toContain('lark grammar:\nstart: "SELECT" /.+/');
    expect(converted.customToolNames).toEqual(new Set(['run_sql', 'note']));
    expect(converted.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['run_sql'] } });
  });

  it('narrows the declarations to allowed_tools', () => {
    const converted = convert({
      tools: [weatherTool, { type: 'function', function: { name: 'ping' } }, { type: 'custom', custom: { name: 'note' } }],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'ping' } }, { type: 'custom', custom: { name: 'note' } }] } },
    });
    expect((converted.tools?.[0]?.functionDeclarations ?? []).map((declaration) => declaration.name)).toEqual(['ping', 'note']);
    expect(converted.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(() =>
      convert({ tools: [weatherTool], tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'nope' } }] } } }),
    ).toThrow('tool_choice.allowed_tools.tools: none of them names a tool of the request');
  });
});
