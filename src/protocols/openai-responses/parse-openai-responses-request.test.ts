import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

function rejection(body: unknown): string {
  try {
    parseOpenAIResponsesRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('INVALID_REQUEST');
    return (error as GatewayError).message;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseOpenAIResponsesRequest', () => {
  it('turns a string input into one user message', () => {
    const parsed = parseOpenAIResponsesRequest({ model: 'm', input: 'hello' });
    expect(parsed.items).toEqual([{ type: 'message', role: 'user', content: 'hello' }]);
    expect(parsed.itemIndexes).toEqual([0]);
    expect(parsed.tools).toEqual([]);
  });

  it('reads easy messages without a type, typed items, and keeps unknown fields', () => {
    const parsed = parseOpenAIResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'hi' }], extra: 1 },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'hmm' }], encrypted_content: 'x' },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}', status: 'completed' },
        { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
        { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'done' }] },
      ],
    });
    expect(parsed.items.map((item) => item.type)).toEqual([
      'message',
      'reasoning',
      'function_call',
      'function_call_output',
      'custom_tool_call',
      'custom_tool_call_output',
    ]);
    expect(parsed.items[0]).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }], extra: 1 });
  });

  it('skips item types agt cannot represent, remembering where the others were', () => {
    const parsed = parseOpenAIResponsesRequest({
      model: 'm',
      input: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
        { role: 'user', content: 'hi' },
        { type: 'local_shell_call', call_id: 'c', action: {} },
      ],
    });
    expect(parsed.items).toHaveLength(1);
    expect(parsed.itemIndexes).toEqual([1]);
  });

  it('parses tools by type: function, custom, namespace, web search; drops the ones only OpenAI runs, by type', () => {
    const parsed = parseOpenAIResponsesRequest({
      model: 'm',
      input: 'x',
      tools: [
        { type: 'function', name: 'f', parameters: { type: 'object' }, strict: true },
        { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
        { type: 'namespace', name: 'ns', description: 'd', tools: [{ type: 'function', name: 'g' }] },
        { type: 'web_search_preview' },
        { type: 'file_search', vector_store_ids: [] },
        { type: 'local_shell' },
        { type: 'code_interpreter', container: { type: 'auto' } },
        { type: 'image_generation' },
        { type: 'mcp', server_label: 'docs', server_url: 'https://example.com/mcp' },
        { type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'browser' },
        { type: 'file_search', vector_store_ids: ['vs_2'] },
      ],
    });
    expect(parsed.tools.map((tool) => tool.type)).toEqual(['function', 'custom', 'namespace', 'web_search']);
    expect(parsed.droppedTools).toEqual(['file_search', 'local_shell', 'code_interpreter', 'image_generation', 'mcp', 'computer_use_preview']);
  });

  it('reads the tools an additional_tools input item declares (Codex code mode), after the top-level ones', () => {
    const exec = { type: 'custom', name: 'exec', description: 'Run JavaScript' };
    const wait = { type: 'function', name: 'wait', parameters: { type: 'object', properties: {} } };
    const parsed = parseOpenAIResponsesRequest({
      model: 'gpt-6.1-sol',
      tools: [{ type: 'function', name: 'top', parameters: { type: 'object' } }],
      input: [
        { type: 'additional_tools', id: 'at_1', role: 'developer', tools: [{ type: 'namespace', name: 'functions', description: '', tools: [exec, wait] }] },
        { type: 'message', role: 'user', content: 'hi' },
      ],
    });
    expect(parsed.tools.map((tool) => tool.type)).toEqual(['function', 'namespace']);
    expect(parsed.tools[1]).toMatchObject({ name: 'functions', tools: [exec, wait] });
    expect(parsed.itemIndexes).toEqual([1]);
    expect(rejection({ model: 'm', input: [{ type: 'additional_tools', tools: 'none' }] })).toBe('input[0].tools: must be an array of tools');
    expect(rejection({ model: 'm', input: [{ type: 'additional_tools', tools: [{ type: 'function' }] }] })).toContain('input[0].tools[0].name');
  });

  it('names the field of a malformed body', () => {
    expect(rejection(null)).toBe('request body: must be an object (received null)');
    expect(rejection({ input: 'x' })).toBe('model: is required');
    expect(rejection({ model: '', input: 'x' })).toBe('model: must be a non-empty string');
    expect(rejection({ model: 'm', input: 5 })).toBe('input: must be a string or an array of input items');
    expect(rejection({ model: 'm', input: 'x', max_output_tokens: 0 })).toBe('max_output_tokens: must be a positive integer');
    expect(rejection({ model: 'm', input: 'x', metadata: { trace: 1 } })).toBe('metadata.trace: must be a string (received number)');
    expect(rejection({ model: 'm', input: 'x', tool_choice: 'sometimes' })).toMatch(/^tool_choice: must be "none", "auto", "required"/);
    expect(rejection({ model: 'm', input: 'x', text: { format: { type: 'yaml' } } })).toBe(
      'text.format.type: must be one of "text", "json_object", "json_schema"',
    );
  });

  it('names the field of a malformed item or tool, counting from the original position', () => {
    expect(rejection({ model: 'm', input: ['hi'] })).toBe('input[0]: must be an object');
    expect(rejection({ model: 'm', input: [{ content: 'x' }] })).toBe('input[0].type: must be a string naming the item type');
    expect(rejection({ model: 'm', input: [{ type: 'x' }, { role: 'robot', content: 'x' }] })).toBe(
      'input[1].role: must be "user" or "assistant" or "system" or "developer"',
    );
    expect(rejection({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_video' }] }] })).toMatch(
      /^input\[0\]\.content\[0\]\.type: unsupported content part type/,
    );
    expect(rejection({ model: 'm', input: [{ type: 'function_call', call_id: '', name: 'f', arguments: '{}' }] })).toBe(
      'input[0].call_id: must be a non-empty string',
    );
    expect(rejection({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 5 }] })).toMatch(/^input\[0\]\.output: must be a string or an array/);
    expect(rejection({ model: 'm', input: 'x', tools: [{ type: 'function' }] })).toBe('tools[0].name: is required');
    expect(rejection({ model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'n', tools: [{ type: 'mcp' }] }] })).toMatch(
      /^tools\[0\]\.tools\[0\]\.type: unsupported tool type in a namespace/,
    );
    expect(rejection({ model: 'm', input: 'x', tools: ['f'] })).toBe('tools[0]: must be an object');
  });

  it('refuses what needs stored state, saying what to send instead', () => {
    expect(rejection({ model: 'm', input: 'x', previous_response_id: 'resp_1' })).toMatch(
      /^previous_response_id: agt does not store responses.*send the whole conversation in "input"/,
    );
    expect(rejection({ model: 'm', input: 'x', conversation: 'conv_1' })).toMatch(/^conversation: agt does not store conversations/);
    expect(rejection({ model: 'm', input: 'x', background: true })).toMatch(/^background: /);
    expect(rejection({ model: 'm', prompt: { id: 'pmpt_1' } })).toMatch(/^prompt: stored prompt templates are not supported/);
    expect(rejection({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] })).toMatch(/^input\[0\]: item references point at stored items/);
    // Explicit nulls and empty ids are what clients send for "not set".
    expect(() => parseOpenAIResponsesRequest({ model: 'm', input: 'x', previous_response_id: null, conversation: null, background: false })).not.toThrow();
    expect(() => parseOpenAIResponsesRequest({ model: 'm', input: 'x', previous_response_id: '' })).not.toThrow();
  });

  it('accepts the settings it ignores (store, include, metadata, stream_options, truncation…)', () => {
    const parsed = parseOpenAIResponsesRequest({
      model: 'm',
      input: 'x',
      store: false,
      include: ['reasoning.encrypted_content'],
      metadata: { a: 'b' },
      stream_options: { include_obfuscation: false },
      truncation: 'auto',
      prompt_cache_key: 'k',
      service_tier: 'auto',
      user: 'u',
    });
    expect(parsed.body.store).toBe(false);
  });
});

describe('input items and tools kept between requests (deep-frozen by the body parser)', () => {
  const call = { type: 'function_call', call_id: 'c1', name: 'read', arguments: '{}' };
  const tool = { type: 'function', name: 'read', parameters: { type: 'object' } };

  it('gives the same request as for values not kept, and the same result object for a kept item or tool every time', () => {
    const body = { model: 'm', input: [{ role: 'user', content: 'q' }, deepFreeze({ ...call })], tools: deepFreeze([{ ...tool }]) };
    const first = parseOpenAIResponsesRequest(body);
    const again = parseOpenAIResponsesRequest({ ...body });
    expect(first).toEqual(parseOpenAIResponsesRequest(structuredClone(body)));
    expect(again.items[1]).toBe(first.items[1]);
    expect(again.tools[0]).toBe(first.tools[0]);
  });

  it('names the problem of a bad kept item as it would without keeping', () => {
    const bad = { ...call, call_id: '' };
    const expected = rejection({ model: 'm', input: [bad] });
    expect(rejection({ model: 'm', input: [deepFreeze({ ...bad })] })).toBe(expected);
    expect(rejection({ model: 'm', input: [deepFreeze({ ...bad })] })).toBe(expected);
  });
});
