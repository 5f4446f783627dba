import OpenAI from 'openai';
import type {
  FunctionTool,
  ResponseInputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSseStream } from '../../src/shared/sse.js';
import { SIM_IMAGE_PNG_BASE64 } from '../../src/simulator/build-generate-reply.js';
import {
  startTestGatewayBehindRecordingProxy,
  type GatewayBehindRecordingProxy,
  type RecordingProxy,
} from '../support/start-recording-proxy.js';
import type { TestGateway } from '../support/start-test-gateway.js';

/**
 * The official `openai` SDK's Responses API (`client.responses.create` / `.stream`, what Codex CLI speaks),
 * configured as a user would (`baseURL: <agt>/v1`), against a real agt over the simulated Google. A recording
 * pass-through between agt and the simulator lets tests check what went upstream. The simulator is
 * deterministic: `Echo: <last user text>`, a call of the first offered tool, `Tool <name> returned: <JSON>` for a
 * tool result, a signed thought when thinking is asked, tokens = ceil(characters / 4).
 */

const MODEL = 'gemini-2.5-flash';
const tokens = (text: string) => Math.ceil(text.length / 4);

const WEATHER_TOOL: FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather of a city',
  strict: false,
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'unit'],
  },
};

/** The raw SSE frames of a streamed `/v1/responses` request: event name and parsed data. */
async function fetchRawFrames(agt: TestGateway, body: Record<string, unknown>): Promise<Array<{ event?: string; data: Record<string, unknown> }>> {
  const response = await fetch(`${agt.baseUrl}/v1/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agt.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const frames: Array<{ event?: string; data: Record<string, unknown> }> = [];
  for await (const frame of parseSseStream(response.body as unknown as AsyncIterable<Uint8Array>)) {
    frames.push({ event: frame.event, data: JSON.parse(frame.data) as Record<string, unknown> });
  }
  return frames;
}

describe('official openai SDK Responses API against agt', () => {
  let setup: GatewayBehindRecordingProxy;
  let proxy: RecordingProxy;
  let agt: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy();
    ({ proxy, agt } = setup);
    client = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('answers a plain string input with a completed response, a message item and usage', async () => {
    const response = await client.responses.create({ model: MODEL, input: 'Say hello' });

    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_[0-9a-f]{16,}$/);
    expect(response.status).toBe('completed');
    expect(response.model).toBe(MODEL);
    expect(response.error).toBeNull();
    expect(response.incomplete_details).toBeNull();
    expect(Math.abs(response.created_at - Date.now() / 1000)).toBeLessThan(60);
    expect(response.output_text).toBe('Echo: Say hello');
    expect(response.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_/),
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Echo: Say hello', annotations: [], logprobs: [] }],
      },
    ]);
    expect(response.usage).toEqual({
      input_tokens: tokens('Say hello'),
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: tokens('Echo: Say hello'),
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: tokens('Say hello') + tokens('Echo: Say hello'),
    });
    // Settings are echoed as OpenAI does; nothing is stored.
    expect(response.tool_choice).toBe('auto');
    expect(response.tools).toEqual([]);
    expect(response.parallel_tool_calls).toBe(true);
    expect(response.previous_response_id).toBeNull();
  });

  it('sends instructions and developer messages as the system instruction', async () => {
    const before = proxy.calls.length;
    const response = await client.responses.create({
      model: MODEL,
      instructions: 'You are terse.',
      input: [
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Hi there' }] },
      ],
    });
    expect(response.output_text).toBe('Echo: Hi there');
    expect(response.instructions).toBe('You are terse.');
    expect(response.usage?.input_tokens).toBe(tokens('Hi there' + 'You are terse.' + 'Answer in English.'));
    const upstream = proxy.calls.slice(before).at(-1)?.body.request;
    expect(upstream?.systemInstruction?.parts).toEqual([{ text: 'You are terse.' }, { text: 'Answer in English.' }]);
    expect(upstream?.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi there' }] }]);
  });

  it('streams text through responses.stream(): deltas reassemble, events in order, sequence numbers count up', async () => {
    const text = 'Stream this sentence back to me in several pieces please, thank you very much';
    const stream = client.responses.stream({ model: MODEL, input: text });
    const events: ResponseStreamEvent[] = [];
    const deltas: string[] = [];
    stream.on('event', (event) => events.push(event));
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();

    expect(final.output_text).toBe(`Echo: ${text}`);
    expect(final.status).toBe('completed');
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.join('')).toBe(`Echo: ${text}`);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));

    const types = events.map((event) => event.type).filter((type) => type !== 'response.output_text.delta');
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const first = events[0];
    if (first.type !== 'response.created') throw new Error('expected response.created first');
    expect(first.response.status).toBe('in_progress');
    expect(first.response.id).toBe(final.id);
    const last = events.at(-1);
    if (last?.type !== 'response.completed') throw new Error('expected response.completed last');
    expect(last.response.usage?.total_tokens).toBe(tokens(text) + tokens(`Echo: ${text}`));
    expect(final.usage?.output_tokens).toBe(tokens(`Echo: ${text}`));
  });

  it('frames every event as `event: <type>` with the same type and a sequence_number in data', async () => {
    const frames = await fetchRawFrames(agt, { model: MODEL, input: 'raw frames please' });
    expect(frames.length).toBeGreaterThan(5);
    frames.forEach((frame, index) => {
      expect(frame.event).toBe(frame.data.type);
      expect(frame.data.sequence_number).toBe(index);
    });
    expect(frames.at(-1)?.event).toBe('response.completed');
  });

  it('iterates create({ stream: true }) event by event', async () => {
    const stream = await client.responses.create({ model: MODEL, input: 'iterate me', stream: true });
    let text = '';
    let completed = 0;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed += 1;
    }
    expect(text).toBe('Echo: iterate me');
    expect(completed).toBe(1);
  });

  it('round-trips a function tool call without streaming', async () => {
    const input: ResponseInputItem[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.responses.create({ model: MODEL, input, tools: [WEATHER_TOOL] });

    expect(first.status).toBe('completed');
    expect(first.output_text).toBe('');
    expect(first.output).toHaveLength(1);
    const call = first.output[0];
    if (call.type !== 'function_call') throw new Error(`expected a function_call item, got ${call.type}`);
    expect(call).toEqual({
      type: 'function_call',
      id: expect.stringMatching(/^fc_/),
      call_id: expect.any(String),
      name: 'get_weather',
      arguments: expect.any(String),
      status: 'completed',
    });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'sim', unit: 'celsius' });
    expect(first.tools).toEqual([WEATHER_TOOL]);

    input.push(call, { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature: 21 }) });
    const second = await client.responses.create({ model: MODEL, input, tools: [WEATHER_TOOL] });
    expect(second.output_text).toBe('Tool get_weather returned: {"result":{"temperature":21}}');
    expect(second.output.map((item) => item.type)).toEqual(['message']);
  });

  it('round-trips a function tool call while streaming; argument deltas reassemble into the JSON', async () => {
    const property = { type: 'string', description: 'x' };
    const tool: FunctionTool = {
      type: 'function',
      name: 'book_trip',
      strict: false,
      parameters: {
        type: 'object',
        // Enough properties that the arguments exceed one 64-character piece.
        properties: Object.fromEntries(['origin_city', 'destination_city', 'departure_date', 'return_date', 'traveller_name'].map((name) => [name, property])),
      },
    };
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Book me a trip' }];
    const stream = client.responses.stream({ model: MODEL, input, tools: [tool] });
    const pieces: string[] = [];
    const snapshots: string[] = [];
    let doneArguments = '';
    stream.on('response.function_call_arguments.delta', (event) => {
      pieces.push(event.delta);
      snapshots.push(event.snapshot);
    });
    stream.on('response.function_call_arguments.done', (event) => {
      doneArguments = event.arguments;
      expect(event.name).toBe('book_trip');
    });
    const final = await stream.finalResponse();

    const call = final.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function_call item');
    expect(call.name).toBe('book_trip');
    expect(call.status).toBe('completed');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(call.arguments);
    expect(snapshots.at(-1)).toBe(call.arguments);
    expect(doneArguments).toBe(call.arguments);
    expect(JSON.parse(call.arguments)).toEqual({
      origin_city: 'sim',
      destination_city: 'sim',
      departure_date: 'sim',
      return_date: 'sim',
      traveller_name: 'sim',
    });

    input.push(call, { type: 'function_call_output', call_id: call.call_id, output: 'booked' });
    const answer = await client.responses.stream({ model: MODEL, input, tools: [tool] }).finalResponse();
    expect(answer.output_text).toBe('Tool book_trip returned: {"result":{"content":"booked"}}');
    expect(answer.status).toBe('completed');
  });

  it('returns a reasoning item with a summary for reasoning.effort, whole and streamed', async () => {
    const response = await client.responses.create({
      model: MODEL,
      reasoning: { effort: 'high', summary: 'auto' },
      input: 'Think first',
    });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const reasoning = response.output[0];
    if (reasoning.type !== 'reasoning') throw new Error('expected a reasoning item');
    expect(reasoning.id).toMatch(/^rs_/);
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'Thinking about: Think first' }]);
    expect(reasoning.encrypted_content).toMatch(/^agt-thought-signature:gemini#sim-sig-gemini-/);
    expect(response.output_text).toBe('Echo: Think first');
    expect(response.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    const thought = tokens('Thinking about: Think first');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(thought);
    expect(response.usage?.output_tokens).toBe(tokens('Echo: Think first') + thought);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));

    const stream = client.responses.stream({ model: MODEL, reasoning: { effort: 'low' }, input: 'Think first' });
    let summary = '';
    let text = '';
    let summaryBeforeText = true;
    stream.on('response.reasoning_summary_text.delta', (event) => {
      if (text !== '') summaryBeforeText = false;
      summary += event.delta;
    });
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    const final = await stream.finalResponse();
    expect(summary).toBe('Thinking about: Think first');
    expect(text).toBe('Echo: Think first');
    expect(summaryBeforeText).toBe(true);
    expect(final.output[0]).toEqual({ ...reasoning, id: expect.stringMatching(/^rs_/) });
  });

  it('carries the thought signature of a thinking tool call back upstream through encrypted_content', async () => {
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await client.responses.create({
      model: MODEL,
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      store: false,
      input,
      tools: [WEATHER_TOOL],
    });
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    const [reasoning, call] = first.output;
    if (reasoning.type !== 'reasoning' || call.type !== 'function_call') throw new Error('unexpected output');
    const signature = reasoning.encrypted_content?.replace('agt-thought-signature:gemini#', '');
    expect(signature).toMatch(/^sim-sig-gemini-/);

    input.push(reasoning, call, { type: 'function_call_output', call_id: call.call_id, output: '{"sky":"clear"}' });
    const before = proxy.calls.length;
    const second = await client.responses.create({ model: MODEL, reasoning: { effort: 'medium' }, input, tools: [WEATHER_TOOL] });
    expect(second.output_text).toBe('Tool get_weather returned: {"result":{"sky":"clear"}}');

    const contents = proxy.calls.slice(before).at(-1)?.body.request?.contents ?? [];
    expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
    expect(contents[1].parts).toEqual([
      { text: 'Thinking about: Weather in Oslo?', thought: true, thoughtSignature: signature },
      { functionCall: { name: 'get_weather', args: { city: 'sim', unit: 'celsius' }, id: call.call_id }, thoughtSignature: signature },
    ]);
    expect(contents[2].parts).toEqual([
      { functionResponse: { name: 'get_weather', id: call.call_id, response: { result: { sky: 'clear' } } } },
    ]);
  });

  it('describes an input_image data URL (the image reaches upstream)', async () => {
    const bytes = Buffer.from(SIM_IMAGE_PNG_BASE64, 'base64').length;
    const response = await client.responses.create({
      model: MODEL,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: `data:image/png;base64,${SIM_IMAGE_PNG_BASE64}`, detail: 'auto' },
          ],
        },
      ],
    });
    expect(response.output_text).toBe(`Echo: What is this? [image image/png ${bytes} bytes]`);
  });

  it('ends as incomplete with max_output_tokens when the limit cuts the answer, whole and streamed', async () => {
    const input = 'one two three four five six seven eight';
    const response = await client.responses.create({ model: MODEL, max_output_tokens: 3, input });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('Echo: one tw');
    expect(response.output[0]).toEqual(expect.objectContaining({ type: 'message', status: 'incomplete' }));
    expect(response.max_output_tokens).toBe(3);

    const stream = client.responses.stream({ model: MODEL, max_output_tokens: 3, input });
    const terminal: string[] = [];
    stream.on('event', (event) => {
      if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') terminal.push(event.type);
    });
    const final = await stream.finalResponse();
    expect(terminal).toEqual(['response.incomplete']);
    expect(final.status).toBe('incomplete');
    expect(final.output_text).toBe('Echo: one tw');
  });

  it('answers custom tools (free-text input, Codex apply_patch style) with custom_tool_call items', async () => {
    const tool = {
      type: 'custom' as const,
      name: 'apply_patch',
      description: 'Apply a patch',
      format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: "*** Begin Patch" /.+/s' },
    };
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Fix the bug' }];
    const first = await client.responses.create({ model: MODEL, input, tools: [tool] });
    const call = first.output[0];
    if (call.type !== 'custom_tool_call') throw new Error(`expected a custom_tool_call, got ${call.type}`);
    expect(call).toEqual(expect.objectContaining({ name: 'apply_patch', input: 'sim', call_id: expect.any(String) }));

    input.push(call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done!' });
    const second = await client.responses.stream({ model: MODEL, input, tools: [tool] }).finalResponse();
    expect(second.output_text).toBe('Tool apply_patch returned: {"result":{"content":"Done!"}}');
  });

  it('answers namespaced tools with the namespace and the tool’s own name', async () => {
    const tools = [
      {
        type: 'namespace' as const,
        name: 'mcp__files',
        description: 'File tools',
        tools: [{ type: 'function' as const, name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
      },
    ];
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Read the readme' }];
    const first = await client.responses.create({ model: MODEL, input, tools });
    const call = first.output[0];
    if (call.type !== 'function_call') throw new Error(`expected a function_call, got ${call.type}`);
    expect(call.name).toBe('read');
    expect(call.namespace).toBe('mcp__files');

    input.push(call, { type: 'function_call_output', call_id: call.call_id, output: '# readme' });
    const second = await client.responses.create({ model: MODEL, input, tools });
    expect(second.output_text).toBe('Tool mcp__files__read returned: {"result":{"content":"# readme"}}');
  });

  it('serves a Codex-shaped request: instructions, developer context, shell tool, store false, streaming', async () => {
    const shell: FunctionTool = {
      type: 'function',
      name: 'shell',
      description: 'Runs a shell command and returns its output.',
      strict: false,
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'array', items: { type: 'string' } },
          workdir: { type: 'string' },
          timeout_ms: { type: 'number' },
        },
        required: ['command'],
        additionalProperties: false,
      },
    };
    const stream = client.responses.stream({
      model: MODEL,
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions>workspace-write</permissions>' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list the files' }] },
      ],
      tools: [shell, { type: 'web_search' }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: { effort: 'medium', summary: 'auto' },
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'session-1',
    });
    const done: string[] = [];
    stream.on('response.output_item.done', (event) => done.push(event.item.type));
    const final = await stream.finalResponse();
    expect(done).toEqual(['reasoning', 'function_call']);
    const call = final.output[1];
    if (call.type !== 'function_call') throw new Error('expected a function_call');
    expect(call.name).toBe('shell');
    expect(JSON.parse(call.arguments)).toEqual({ command: [] });
    expect(final.parallel_tool_calls).toBe(false);
  });

  it('asks Google Search for a web_search tool when no function is declared (a web_search request, see web-search.test.ts)', async () => {
    const before = proxy.calls.length;
    const response = await client.responses.create({ model: MODEL, input: 'news today', tools: [{ type: 'web_search' }, { type: 'file_search', vector_store_ids: ['vs_1'] }] });
    expect(response.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(response.output_text).toMatch(/^According to the first source, news today is well documented\./);
    expect(proxy.calls.slice(before).at(-1)?.body.request?.tools).toEqual([{ googleSearch: {} }]);
    expect((proxy.calls.slice(before).at(-1)?.body as { requestType?: string }).requestType).toBe('web_search');
  });

  it('fails a stream cut after it started: the SDK throws APIError, the wire ends with response.failed', async () => {
    const input = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
    agt.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 2, count: 1 });
    const stream = client.responses.stream({ model: MODEL, input });
    let text = '';
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    const error = await stream.finalResponse().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/upstream stream broke/);
    expect(text.length).toBeGreaterThan(0);
    expect(`Echo: ${input}`.startsWith(text)).toBe(true);

    agt.simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 2, count: 1 });
    const frames = await fetchRawFrames(agt, { model: MODEL, input });
    const types = frames.map((frame) => frame.event);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(types).not.toContain('response.completed');
    const failed = frames.at(-1)?.data.response as { status: string; error: { code: string; message: string } };
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'server_error', message: expect.stringMatching(/upstream stream broke/) });
    frames.forEach((frame, index) => expect(frame.data.sequence_number).toBe(index));
  });

  describe('errors arrive as the SDK’s own exception classes', () => {
    it('401 for a wrong API key → AuthenticationError', async () => {
      const wrong = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
      const error = await wrong.responses.create({ model: MODEL, input: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
      expect(JSON.stringify((error as InstanceType<typeof OpenAI.AuthenticationError>).error)).not.toContain('sk-wrong');
    });

    it('400 for a malformed body → BadRequestError naming the field', async () => {
      const error = await client.responses
        .create({ model: MODEL, input: 5 } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(apiError.message).toMatch(/^400 input: /);
      expect(apiError.type).toBe('invalid_request_error');

      const badItem = await client.responses
        .create({ model: MODEL, input: [{ role: 'user', content: 'x' }, { type: 'function_call_output', call_id: 'call_nowhere', output: 'x' }] })
        .catch((caught: unknown) => caught);
      expect(badItem).toBeInstanceOf(OpenAI.BadRequestError);
      expect((badItem as Error).message).toMatch(/input\[1\]\.call_id: no earlier function_call/);

      const streamed = await client.responses
        .create({ model: MODEL, input: [{ type: 'message', role: 'robot', content: 'x' }], stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming)
        .catch((caught: unknown) => caught);
      expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
      expect((streamed as Error).message).toMatch(/input\[0\]\.role/);
    });

    it('400 for previous_response_id → BadRequestError explaining agt stores nothing', async () => {
      const error = await client.responses
        .create({ model: MODEL, input: 'continue', previous_response_id: 'resp_123' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as Error).message).toMatch(/previous_response_id: agt does not store responses/);
      expect((error as Error).message).toMatch(/whole conversation/);
    });

    it('404 for retrieving a stored response → NotFoundError explaining agt stores nothing', async () => {
      const error = await client.responses.retrieve('resp_0123456789abcdef01234567').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as Error).message).toMatch(/does not store responses/);
      const deleted = await client.responses.delete('resp_0123456789abcdef01234567').catch((caught: unknown) => caught);
      expect(deleted).toBeInstanceOf(OpenAI.NotFoundError);
    });

    it('hostile bodies over HTTP get a 4xx in OpenAI’s error shape, never a 500', async () => {
      const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const bodies = [
        '',
        'null',
        '[]',
        '"text"',
        '{not json',
        `{"model":"${MODEL}","input":[{"role":"user","content":"hi"}],"metadata":${deep(400)}}`,
        `{"model":"${MODEL}","input":[{"type":"function_call","call_id":"c","name":"f","arguments":${JSON.stringify(deep(5000))}}]}`,
        `{"model":"${MODEL}","input":"hi","tools":[{"type":"function","name":"f","parameters":"${'x'.repeat(10_000)}"}]}`,
        `{"model":"${MODEL}","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:;,%E0%A4%A"}]}]}`,
        `{"model":"${MODEL}","input":[{"__proto__":{"role":"user"},"content":"x"}]}`,
        `{"model":"${MODEL}","input":[{"type":"item_reference","id":"msg_1"}],"stream":true}`,
        `{"model":"${MODEL}","input":"hi","tool_choice":{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"nope"}]}}`,
      ];
      for (const body of bodies) {
        const response = await fetch(`${agt.baseUrl}/v1/responses`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agt.apiKey}`, 'content-type': 'application/json' },
          body,
        });
        expect(response.status, body.slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(response.status, body.slice(0, 80)).toBeLessThan(500);
        const error = (await response.json()) as { error: { message: string; type: string; param: null; code: unknown } };
        expect(error.error).toEqual({ message: expect.any(String), type: 'invalid_request_error', param: null, code: null });
      }
    });

    it('429 when every account is rate-limited → RateLimitError with retry-after, streaming too', async () => {
      agt.simulator.state.addFault({ target: 'generate', kind: '429', retryDelaySeconds: 30 });
      try {
        const error = await client.responses.create({ model: 'gemini-2.5-pro', input: 'limited' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.RateLimitError);
        const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
        expect(apiError.status).toBe(429);
        const retryAfter = Number(apiError.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(25);
        expect(retryAfter).toBeLessThanOrEqual(30);
        expect(apiError.message).not.toMatch(/user\d@example\.com/);

        const streamError = await client.responses
          .stream({ model: 'gemini-2.5-pro', input: 'limited' })
          .finalResponse()
          .catch((caught: unknown) => caught);
        expect(streamError).toBeInstanceOf(OpenAI.RateLimitError);
      } finally {
        agt.simulator.state.clearFaults();
      }
    });
  });
});
