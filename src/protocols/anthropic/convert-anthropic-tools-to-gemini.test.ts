import { describe, expect, it } from 'vitest';
import { convertAnthropicToolsToGemini } from './convert-anthropic-tools-to-gemini.js';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';

function convert(extra: Record<string, unknown>) {
  const body = parseAnthropicMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], ...extra });
  return convertAnthropicToolsToGemini(body.tools, body.tool_choice);
}

const readTool = {
  name: 'read_file',
  description: 'Read a file',
  input_schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { path: { type: 'string', description: 'Where' } },
    required: ['path'],
    additionalProperties: false,
  },
  cache_control: { type: 'ephemeral' },
};

describe('convertAnthropicToolsToGemini', () => {
  it('turns client tools into function declarations with cleaned schemas', () => {
    expect(convert({ tools: [readTool, { name: 'noop', input_schema: { type: 'object' } }] })).toEqual({
      tools: [
        {
          functionDeclarations: [
            {
              name: 'read_file',
              description: 'Read a file',
              parameters: { type: 'object', properties: { path: { type: 'string', description: 'Where' } }, required: ['path'] },
            },
            { name: 'noop', parameters: { type: 'object', properties: {} } },
          ],
        },
      ],
    });
  });

  it('turns the web search server tool into googleSearch', () => {
    expect(convert({ tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }] })).toEqual({
      tools: [{ googleSearch: {} }],
    });
    expect(convert({ tools: [readTool, { type: 'web_search_20250305', name: 'web_search' }] }).tools).toEqual([
      { functionDeclarations: [expect.objectContaining({ name: 'read_file' })] },
      { googleSearch: {} },
    ]);
  });

  it('maps every tool_choice', () => {
    const config = (toolChoice: unknown) => convert({ tools: [readTool], tool_choice: toolChoice }).toolConfig;
    expect(config({ type: 'auto' })).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(config({ type: 'any', disable_parallel_tool_use: true })).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(config({ type: 'none' })).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(config({ type: 'tool', name: 'read_file' })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['read_file'] },
    });
    expect(config(undefined)).toBeUndefined();
  });

  it('leaves tools and tool_choice out when there is no function to call', () => {
    expect(convert({ tool_choice: { type: 'any' } })).toEqual({});
    expect(convert({ tools: [], tool_choice: { type: 'auto' } })).toEqual({});
  });

  it('declares Anthropic-defined client tools under their name with their documented input schema', () => {
    const converted = convert({
      tools: [
        { type: 'bash_20250124', name: 'bash' },
        { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 10000 },
        { type: 'text_editor_20250124', name: 'str_replace_editor' },
        { type: 'computer_20250124', name: 'computer', display_width_px: 1024, display_height_px: 768, display_number: 1 },
        { type: 'memory_20250818', name: 'memory' },
      ],
    });
    expect(converted.droppedTools).toBeUndefined();
    const declarations = converted.tools?.[0]?.functionDeclarations ?? [];
    expect(declarations.map((declaration) => declaration.name)).toEqual([
      'bash',
      'str_replace_based_edit_tool',
      'str_replace_editor',
      'computer',
      'memory',
    ]);
    const [bash, editor, oldEditor, computer, memory] = declarations;
    expect(bash.parameters).toEqual({
      type: 'object',
      properties: { command: expect.objectContaining({ type: 'string' }), restart: expect.objectContaining({ type: 'boolean' }) },
    });
    expect(bash.description).toMatch(/bash session/);
    const commandsOf = (declaration: typeof editor) =>
      ((declaration.parameters as { properties: Record<string, { enum?: string[] }> }).properties.command.enum ?? []);
    // The 2025-07-28 editor dropped undo_edit; the 2025-01-24 one still has it.
    expect(commandsOf(editor)).toEqual(['view', 'create', 'str_replace', 'insert']);
    expect(commandsOf(oldEditor)).toEqual(['view', 'create', 'str_replace', 'insert', 'undo_edit']);
    expect(editor.parameters).toMatchObject({
      required: ['command', 'path'],
      properties: { insert_line: { type: 'integer' }, view_range: { type: 'array', items: { type: 'integer' } } },
    });
    expect(computer.description).toContain('1024x768 pixels (display :1)');
    expect(computer.parameters).toMatchObject({ required: ['action'], properties: { scroll_direction: { enum: ['up', 'down', 'left', 'right'] } } });
    expect(commandsOf(memory)).toEqual(['view', 'create', 'str_replace', 'insert', 'delete', 'rename']);
  });

  it('keeps the client description of an Anthropic-defined tool and reads the oldest computer version', () => {
    const declarations =
      convert({ tools: [{ type: 'bash_20241022', name: 'bash', description: 'My shell' }, { type: 'computer_20241022', name: 'computer' }] })
        .tools?.[0]?.functionDeclarations ?? [];
    expect(declarations[0].description).toBe('My shell');
    const actions = (declarations[1].parameters as { properties: { action: { enum: string[] } } }).properties.action.enum;
    expect(actions).not.toContain('scroll');
    expect(actions).toContain('screenshot');
    expect(declarations[1].parameters).not.toHaveProperty('properties.scroll_direction');
  });

  it('drops server tools the backend cannot run and says which', () => {
    const converted = convert({
      tools: [
        readTool,
        { type: 'code_execution_20250825', name: 'code_execution' },
        { type: 'web_fetch_20250910', name: 'web_fetch', max_uses: 5 },
        { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
        { type: 'mcp_toolset', mcp_server_name: 'docs' },
      ],
      tool_choice: { type: 'tool', name: 'code_execution' },
    });
    expect(converted.tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'read_file' })] }]);
    expect(converted.droppedTools).toEqual([
      'code_execution_20250825:code_execution',
      'web_fetch_20250910:web_fetch',
      'tool_search_tool_regex_20251119:tool_search_tool_regex',
      'mcp_toolset',
    ]);
    // The model cannot be forced to call a tool that was not declared.
    expect(converted.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(convert({ tools: [{ type: 'code_execution_20250825', name: 'code_execution' }] })).toEqual({
      droppedTools: ['code_execution_20250825:code_execution'],
    });
  });

  it('reads a future versioned type by its shape: with an input_schema a client tool, without one a server tool', () => {
    const converted = convert({
      tools: [
        { type: 'spreadsheet_20270101', name: 'sheet', input_schema: { type: 'object', properties: { cell: { type: 'string' } } } },
        { type: 'browser_20270101', name: 'browser' },
      ],
    });
    expect(converted.tools).toEqual([
      { functionDeclarations: [{ name: 'sheet', parameters: { type: 'object', properties: { cell: { type: 'string' } } } }] },
    ]);
    expect(converted.droppedTools).toEqual(['browser_20270101:browser']);
  });
});

describe('convertAnthropicToolsToGemini: kept by the bytes of the tool list', () => {
  const tools = [readTool, { name: 'no_schema_server', type: 'code_execution_20250522' }, { type: 'web_search_20250305', name: 'web_search' }];
  const source = JSON.stringify(tools);

  it('declares the same list once: the same bytes give the same frozen declarations, equal to an uncached conversion', () => {
    const body = parseAnthropicMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], tools, tool_choice: { type: 'auto' } });
    const first = convertAnthropicToolsToGemini(body.tools, body.tool_choice, source);
    const second = convertAnthropicToolsToGemini(body.tools, { type: 'tool', name: 'read_file' }, source);
    const uncached = convertAnthropicToolsToGemini(body.tools, body.tool_choice);
    expect(first).toEqual(uncached);
    expect(second.tools?.[0]?.functionDeclarations).toBe(first.tools?.[0]?.functionDeclarations);
    expect(Object.isFrozen(first.tools?.[0]?.functionDeclarations)).toBe(true);
    // The tool choice is the request's own, not the cached one's.
    expect(second.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['read_file'] } });
    expect(second.droppedTools).toEqual(first.droppedTools);
  });

  it('converts other bytes anew', () => {
    const other = [{ ...readTool, name: 'write_file' }];
    const body = parseAnthropicMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], tools: other });
    const converted = convertAnthropicToolsToGemini(body.tools, undefined, JSON.stringify(other));
    expect(converted.tools?.[0]?.functionDeclarations?.map((declaration) => declaration.name)).toEqual(['write_file']);
  });
});
