import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, MessageStreamEvent, ToolUnion } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ResponseInputItem, Tool as ResponsesTool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy } from '../support/start-recording-proxy.js';

/**
 * Tool kinds the real APIs accept beyond plain functions, and the usage figures of a stream, end to end with the
 * official SDKs against agt over the simulated Google (behind a recording pass-through, so the test sees what went
 * upstream). Every surface must answer 200, declare the client-run tools to Gemini, leave out what only the vendor's
 * servers can run, and send nothing the simulator's upstream rules refuse.
 */
describe('tool kinds the real APIs accept, and stream usage', () => {
  let setup: GatewayBehindRecordingProxy;
  const rejections = () => ({ ...(setup.simulator.state.counters().ruleRejections ?? {}) });
  const declaredNames = (callIndex: number) =>
    (setup.proxy.calls[callIndex]?.body.request?.tools ?? []).flatMap((tool) =>
      ((tool.functionDeclarations as Array<{ name: string }> | undefined) ?? []).map((declaration) => declaration.name),
    );

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('Anthropic: Anthropic-defined client tools are declared and called by name; server tools are dropped, said in a header', async () => {
    const client = new Anthropic({ baseURL: setup.agt.baseUrl, apiKey: setup.agt.apiKey, maxRetries: 0 });
    // What a computer-use / coding agent sends: Anthropic-defined client tools, server tools, and a custom tool.
    const tools = [
      { type: 'bash_20250124', name: 'bash' },
      { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 10_000 },
      { type: 'memory_20250818', name: 'memory' },
      { type: 'computer_20250124', name: 'computer', display_width_px: 1280, display_height_px: 800 },
      { type: 'code_execution_20250825', name: 'code_execution' },
      { type: 'web_fetch_20250910', name: 'web_fetch', max_uses: 3 },
      { name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
    ] as unknown as ToolUnion[];
    const before = rejections();
    const callsBefore = setup.proxy.calls.length;
    const messages: MessageParam[] = [{ role: 'user', content: 'call the tool bash with {"command":"echo hi"}' }];

    const { data: first, response } = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages, tools }).withResponse();
    expect(response.headers.get('x-agt-dropped-tools')).toBe('code_execution_20250825:code_execution, web_fetch_20250910:web_fetch');
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    if (toolUse?.type !== 'tool_use') throw new Error('no tool_use block');
    expect(toolUse.name).toBe('bash');
    expect(toolUse.input).toEqual({ command: 'echo hi' });

    // Upstream saw the client tools as functions with their documented schema, and no server tool.
    expect(declaredNames(callsBefore)).toEqual(['bash', 'str_replace_based_edit_tool', 'memory', 'computer', 'read_file']);
    const declarations = setup.proxy.calls[callsBefore].body.request?.tools?.[0]?.functionDeclarations as Array<{ name: string; parameters?: unknown }>;
    expect(declarations[1].parameters).toMatchObject({ required: ['command', 'path'] });

    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'hi' }] });
    const second = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages, tools, stream: false });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Tool bash returned: {"result":"hi"}' })]);

    // Streaming carries the header too (the reply is written by hand once streaming starts).
    const streamed = await client.messages
      .stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'no tools, just say hi' }], tools })
      .withResponse();
    expect(streamed.response.headers.get('x-agt-dropped-tools')).toContain('code_execution_20250825');
    expect(rejections()).toEqual(before);
  });

  it('Anthropic: a stream reports input, cache and output figures like the non-streaming answer', async () => {
    const client = new Anthropic({
      baseURL: setup.agt.baseUrl,
      apiKey: setup.agt.apiKey,
      maxRetries: 0,
      defaultHeaders: { 'x-claude-code-session-id': 'stream-usage-session' },
    });
    const system = 'You are a careful assistant who answers in one sentence.';
    const first = 'What is the capital of France?';
    const turn1: MessageParam[] = [{ role: 'user', content: first }];
    const one = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, system, messages: turn1 });
    expect(one.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });

    const turn2: MessageParam[] = [...turn1, { role: 'assistant', content: one.content }, { role: 'user', content: 'And of Italy?' }];
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 256, system, messages: turn2 });
    const events: MessageStreamEvent[] = [];
    stream.on('streamEvent', (event) => events.push(structuredClone(event)));
    const final = await stream.finalMessage();

    // The simulator caches the head of the session's previous prompt: the system prompt and the first user turn.
    const cached = Math.ceil(system.length / 4) + Math.ceil(first.length / 4);
    const start = events.find((event) => event.type === 'message_start');
    const delta = events.find((event) => event.type === 'message_delta');
    if (start?.type !== 'message_start' || delta?.type !== 'message_delta') throw new Error('missing message_start or message_delta');
    expect(Object.keys(start.message.usage)).toEqual(
      expect.arrayContaining(['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens', 'output_tokens']),
    );
    expect(delta.usage).toEqual({
      input_tokens: expect.any(Number),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: cached,
      output_tokens: final.usage.output_tokens,
    });
    expect(final.usage.cache_read_input_tokens).toBe(cached);
    expect(final.usage.cache_creation_input_tokens).toBe(0);
    expect(final.usage.input_tokens).toBe(delta.usage.input_tokens);
    expect(final.usage.input_tokens).toBeGreaterThan(0);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('Chat Completions: a custom tool (grammar) is called with its free text and answered as a custom tool call', async () => {
    const client = new OpenAI({ baseURL: `${setup.agt.baseUrl}/v1`, apiKey: setup.agt.apiKey, maxRetries: 0 });
    const tools: ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
      {
        type: 'custom',
        custom: { name: 'run_sql', description: 'Run a read-only query', format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: "SELECT " /[^;]+/' } } },
      },
    ];
    const before = rejections();
    const callsBefore = setup.proxy.calls.length;
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'call the tool run_sql with {"input":"SELECT 1"}' }];
    const first = await client.chat.completions.create({ model: 'gemini-3-flash', messages, tools });
    const call = first.choices[0].message.tool_calls?.[0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(call).toEqual({ id: expect.any(String), type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } });
    if (call?.type !== 'custom') throw new Error('no custom tool call');
    expect(declaredNames(callsBefore)).toEqual(['get_weather', 'run_sql']);

    // The call goes back in the history as the client got it, with its result.
    messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '1' });
    const second = await client.chat.completions.create({ model: 'gemini-3-flash', messages, tools, tool_choice: { type: 'custom', custom: { name: 'run_sql' } } });
    expect(second.choices[0].message.content).toBe('Tool run_sql returned: {"result":{"content":"1"}}');
    const sent = setup.proxy.calls.at(-1)?.body.request;
    expect(sent?.contents?.[1].parts[0]).toMatchObject({ functionCall: { name: 'run_sql', args: { input: 'SELECT 1' } } });

    // Streaming: the custom call arrives whole in one delta.
    const stream = await client.chat.completions.create({ model: 'gemini-3-flash', messages: messages.slice(0, 1), tools, stream: true });
    const deltas = [];
    for await (const chunk of stream) deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
    expect(deltas).toEqual([{ index: 0, id: expect.any(String), type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } }]);
    expect(rejections()).toEqual(before);
  });

  it('Responses: tools only OpenAI runs are dropped and named in a header; the client tools still work', async () => {
    const client = new OpenAI({ baseURL: `${setup.agt.baseUrl}/v1`, apiKey: setup.agt.apiKey, maxRetries: 0 });
    const tools = [
      { type: 'function', name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "*** Begin Patch" /(.|\\n)*/' } },
      { type: 'file_search', vector_store_ids: ['vs_1'] },
      { type: 'code_interpreter', container: { type: 'auto' } },
      { type: 'mcp', server_label: 'docs', server_url: 'https://example.com/mcp', require_approval: 'never' },
      { type: 'image_generation' },
      { type: 'local_shell' },
    ] as unknown as ResponsesTool[];
    const before = rejections();
    const callsBefore = setup.proxy.calls.length;
    const input: ResponseInputItem[] = [{ role: 'user', content: 'call the tool get_weather with {"city":"Paris"}' }];
    const { data: first, response } = await client.responses.create({ model: 'gpt-5', input, tools, store: false }).withResponse();
    expect(response.headers.get('x-agt-dropped-tools')).toBe('file_search, code_interpreter, mcp, image_generation, local_shell');
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function_call item');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    expect(declaredNames(callsBefore)).toEqual(['get_weather', 'apply_patch']);

    input.push(call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' });
    const second = await client.responses.create({ model: 'gpt-5', input, tools, store: false });
    expect(second.output_text).toBe('Tool get_weather returned: {"result":{"content":"sunny"}}');
    expect(rejections()).toEqual(before);
  });
});
