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
});
