import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { convertResponsesToolsToGemini } from './convert-responses-tools-to-gemini.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

function convert(tools: unknown[], toolChoice?: unknown) {
  const parsed = parseOpenAIResponsesRequest({ model: 'm', input: 'x', tools, tool_choice: toolChoice });
  return convertResponsesToolsToGemini(parsed.tools, parsed.body.tool_choice);
}

const WEATHER = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather',
  strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string', minLength: 1 } }, required: ['city'], additionalProperties: false },
};

describe('convertResponsesToolsToGemini', () => {
  it('declares a tool that arrives twice (tools and an additional_tools item) once', () => {
    const converted = convert([WEATHER, WEATHER]);
    expect(converted.tools?.[0].functionDeclarations?.map((declaration) => declaration.name)).toEqual(['get_weather']);
  });

  it('declares function tools with cleaned parameter schemas and catalogs them', () => {
    const converted = convert([WEATHER, { type: 'function', name: 'ping', parameters: null }]);
    expect(converted.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string', description: '(minLength: 1)' } }, required: ['city'] },
          },
          { name: 'ping' },
        ],
      },
    ]);
    expect(converted.toolConfig).toBeUndefined();
    expect([...converted.catalog]).toEqual([
      ['get_weather', { kind: 'function', name: 'get_weather' }],
      ['ping', { kind: 'function', name: 'ping' }],
    ]);
  });

  it('declares a custom tool as one string parameter carrying its grammar', () => {
    const converted = convert([
      { type: 'custom', name: 'apply_patch', description: 'Edit files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
      { type: 'custom', name: 'note' },
    ]);
    const [patch, note] = converted.tools?.[0].functionDeclarations ?? [];
    expect(patch.name).toBe('apply_patch');
    expect(patch.description).toBe('Edit files');
    expect(patch.parameters).toEqual({
      type: 'object',
      properties: { input: { type: 'string', description: expect.stringContaining('lark grammar:\nstart: "x"') } },
      required: ['input'],
    });
    expect(note.parameters).toEqual({
      type: 'object',
      properties: { input: { type: 'string', description: 'The raw text input of this tool (plain text, not JSON).' } },
      required: ['input'],
    });
    expect(converted.catalog.get('apply_patch')).toEqual({ kind: 'custom', name: 'apply_patch' });
  });

  it('flattens namespaces into <namespace>__<name> declarations', () => {
    const converted = convert([
      { type: 'namespace', name: 'mcp__files', description: 'Files', tools: [{ type: 'function', name: 'read' }, { type: 'custom', name: 'write' }] },
    ]);
    expect(converted.tools?.[0].functionDeclarations?.map((declaration) => declaration.name)).toEqual(['mcp__files__read', 'mcp__files__write']);
    expect(converted.catalog.get('mcp__files__write')).toEqual({ kind: 'custom', name: 'write', namespace: 'mcp__files' });
  });

  it('asks for Google Search only when no function is declared', () => {
    expect(convert([{ type: 'web_search' }, { type: 'code_interpreter', container: 'auto' }]).tools).toEqual([{ googleSearch: {} }]);
    expect(convert([{ type: 'web_search' }, WEATHER]).tools?.[0]).toHaveProperty('functionDeclarations');
    expect(convert([{ type: 'web_search_preview' }], 'none').tools).toBeUndefined();
    expect(convert([{ type: 'file_search' }])).toEqual({ catalog: new Map() });
  });

  it('maps tool_choice to the function calling mode', () => {
    expect(convert([WEATHER], 'none').toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(convert([WEATHER], 'auto').toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(convert([WEATHER], 'required').toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(convert([WEATHER], { type: 'function', name: 'get_weather' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
    // A namespaced tool may be named by its own name.
    const namespaced = [{ type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'read' }] }];
    expect(convert(namespaced, { type: 'function', name: 'read' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['ns__read'] },
    });
    // Hosted tool choices force nothing.
    expect(convert([WEATHER], { type: 'file_search' }).toolConfig).toBeUndefined();
  });

  it('narrows the declarations to allowed_tools', () => {
    const converted = convert([WEATHER, { type: 'function', name: 'ping' }, { type: 'function', name: 'pong' }], {
      type: 'allowed_tools',
      mode: 'required',
      tools: [{ type: 'function', name: 'ping' }, { type: 'mcp', server_label: 'x' }],
    });
    expect(converted.tools?.[0].functionDeclarations?.map((declaration) => declaration.name)).toEqual(['ping']);
    expect(converted.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
  });

  it('names the field of a tool_choice it cannot honour', () => {
    expect(() => convert([WEATHER], { type: 'function', name: 'nope' })).toThrow(
      new GatewayError('INVALID_REQUEST', 'tool_choice.name: no function or custom tool is named "nope"'),
    );
    expect(() => convert([WEATHER], { type: 'function' })).toThrow(new GatewayError('INVALID_REQUEST', 'tool_choice.name: must be a non-empty string'));
    expect(() => convert([WEATHER], { type: 'allowed_tools', mode: 'maybe', tools: [] })).toThrow(
      new GatewayError('INVALID_REQUEST', 'tool_choice.mode: must be "auto" or "required"'),
    );
    expect(() => convert([WEATHER], { type: 'allowed_tools', mode: 'auto', tools: [null] })).toThrow(
      new GatewayError('INVALID_REQUEST', 'tool_choice.tools[0]: must be an object'),
    );
  });
});
