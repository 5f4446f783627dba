import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';

const user = { role: 'user', content: 'hi' };

function messageOf(body: unknown, parse = parseAnthropicMessagesRequest): string {
  try {
    parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('INVALID_REQUEST');
    expect((error as GatewayError).status).toBe(400);
    return (error as GatewayError).message;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseAnthropicMessagesRequest', () => {
  it('accepts a Claude Code style body and keeps unknown fields', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      stream: true,
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
      metadata: { user_id: 'user_abc_account__session_1' },
      context_management: { edits: [] },
    };
    expect(parseAnthropicMessagesRequest(body)).toEqual(body);
  });

  it('names the missing or malformed top-level field', () => {
    expect(messageOf({ max_tokens: 1, messages: [user] })).toBe('model: is required');
    expect(messageOf({ model: '', max_tokens: 1, messages: [user] })).toBe('model: must be a non-empty string');
    expect(messageOf({ model: 'm', messages: [user] })).toBe('max_tokens: is required');
    expect(messageOf({ model: 'm', max_tokens: 0, messages: [user] })).toBe('max_tokens: must be a positive integer');
    expect(messageOf({ model: 'm', max_tokens: 1.5, messages: [user] })).toBe('max_tokens: must be a positive integer');
    expect(messageOf({ model: 'm', max_tokens: '5', messages: [user] })).toBe('max_tokens: must be a positive integer');
    expect(messageOf({ model: 'm', max_tokens: 5, messages: [] })).toBe('messages: must be a non-empty array');
    expect(messageOf({ model: 'm', max_tokens: 5, messages: [user], temperature: 'hot' })).toBe('temperature: must be a number');
    expect(messageOf({ model: 'm', max_tokens: 5, messages: [user], system: 5 })).toBe('system: must be a string or an array');
  });

  it('rejects bodies that are not objects', () => {
    for (const body of [null, [], 'text', 42, undefined]) {
      expect(messageOf(body)).toBe('request body must be a JSON object');
    }
  });

  it('names the bad message field and the unknown block type', () => {
    const withContent = (content: unknown, role = 'user') => ({ model: 'm', max_tokens: 5, messages: [user, { role, content }] });
    expect(messageOf({ model: 'm', max_tokens: 5, messages: [{ role: 'tool', content: 'x' }] })).toBe(
      'messages.0.role: must be "user", "assistant" or "system"',
    );
    expect(messageOf(withContent(5))).toBe('messages.1.content: must be a string or an array');
    expect(messageOf(withContent([{ type: 'text', text: 'a' }, { type: 7 }]))).toBe(
      'messages.1.content.1.type: unsupported type 7; expected one of: text, image, document, tool_use, tool_result, ' +
        'thinking, redacted_thinking, server_tool_use, web_search_tool_result, search_result',
    );
    expect(messageOf(withContent([{ text: 'no type' }]))).toBe('messages.1.content.0.type: is required');
    expect(messageOf(withContent([{ type: 'text' }]))).toBe('messages.1.content.0.text: is required');
    expect(messageOf(withContent([{ type: 'image', source: { type: 'file', file_id: 'f' } }]))).toBe(
      'messages.1.content.0.source.type: unsupported type "file"; expected one of: base64, url',
    );
    expect(messageOf(withContent([{ type: 'tool_use', id: 't', name: 'n', input: [] }], 'assistant'))).toBe(
      'messages.1.content.0.input: must be an object',
    );
    expect(messageOf(withContent([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'tool_reference' }] }]))).toBe(
      'messages.1.content.0.content.0.tool_name: is required',
    );
    expect(messageOf(withContent([{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }]))).toBe(
      'messages.1.content.0.source.data: is required',
    );
  });

  it('accepts what current Claude Code sends (system entries, tool_reference, adaptive thinking, output_config)', () => {
    const body = {
      model: 'claude-opus-5-5',
      max_tokens: 128000,
      stream: true,
      thinking: { type: 'adaptive', display: 'summarized' },
      output_config: { effort: 'high' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: '', session_id: 's-1' }) },
      system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.328' }, { type: 'text', text: 'You are Claude Code.' }],
      tools: [
        { name: 'Read', description: 'read', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
        { name: 'NotebookEdit', description: 'edit', input_schema: { type: 'object' }, defer_loading: true },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
        { role: 'system', content: [{ type: 'text', text: '<env>cwd</env>' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'ToolSearch', input: { query: 'nb' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'tool_reference', tool_name: 'NotebookEdit' }] }] },
        { role: 'system', content: 'a reminder' },
      ],
    };
    expect(parseAnthropicMessagesRequest(body)).toEqual(body);
    expect(parseAnthropicCountTokensRequest({ model: body.model, messages: body.messages })).toEqual({ model: body.model, messages: body.messages });
  });

  it('accepts block types it does not read and marks them unsupported', () => {
    const parsed = parseAnthropicMessagesRequest({
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'user', content: [{ type: 'container_upload', file_id: 'f' }, { type: 'text', text: 'x' }] }],
    });
    expect(parsed.messages[0].content).toEqual([{ type: 'unsupported', original_type: 'container_upload' }, { type: 'text', text: 'x' }]);
  });

  it('checks tools, tool_choice and thinking', () => {
    const base = { model: 'm', max_tokens: 100, messages: [user] };
    // Anthropic-defined client tools and server tools are accepted as the real API accepts them.
    const accepted = [
      { name: 'bash', type: 'bash_20250124' },
      { name: 'str_replace_based_edit_tool', type: 'text_editor_20250728', max_characters: 5000 },
      { name: 'code_execution', type: 'code_execution_20250825' },
      { type: 'mcp_toolset', mcp_server_name: 'docs' },
      { name: 'future', type: 'future_tool_20270101' },
    ];
    expect(parseAnthropicMessagesRequest({ ...base, tools: accepted }).tools).toEqual(accepted);
    expect(messageOf({ ...base, tools: [{ type: 'bash_20250124' }] })).toBe('tools.0.name: is required');
    expect(messageOf({ ...base, tools: [{ input_schema: { type: 'object' } }] })).toBe('tools.0.name: is required');
    expect(messageOf({ ...base, tools: [{ name: 'read' }] })).toBe('tools.0.input_schema: is required');
    expect(messageOf({ ...base, tools: [{ name: '', input_schema: {} }] })).toBe('tools.0.name: must be a non-empty string');
    expect(messageOf({ ...base, tool_choice: { type: 'tool' } })).toBe('tool_choice.name: is required');
    expect(messageOf({ ...base, tool_choice: { type: 'sometimes' } })).toBe(
      'tool_choice.type: unsupported type "sometimes"; expected one of: auto, any, none, tool',
    );
    expect(messageOf({ ...base, thinking: { type: 'enabled', budget_tokens: 100 } })).toBe(
      'max_tokens: must be greater than thinking.budget_tokens',
    );
    expect(messageOf({ ...base, thinking: { type: 'enabled' } })).toBe('thinking.budget_tokens: is required');
    expect(() =>
      parseAnthropicMessagesRequest({ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] }),
    ).not.toThrow();
  });
});

describe('parseAnthropicCountTokensRequest', () => {
  it('does not require max_tokens but checks everything else', () => {
    expect(parseAnthropicCountTokensRequest({ model: 'm', messages: [user] })).toEqual({ model: 'm', messages: [user] });
    expect(messageOf({ model: 'm', messages: [] }, parseAnthropicCountTokensRequest)).toBe('messages: must be a non-empty array');
    expect(messageOf({ model: 'm', max_tokens: -1, messages: [user] }, parseAnthropicCountTokensRequest)).toBe(
      'max_tokens: must be a positive integer',
    );
  });
});
