import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, MessageParam, RawMessageStreamEvent, Tool } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoogleSimulator } from '../../src/simulator/index.js';
import { buildGroundedAnswer } from '../../src/simulator/build-grounded-answer.js';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy, type RecordingProxy } from '../support/start-recording-proxy.js';
import type { TestGateway } from '../support/start-test-gateway.js';

/**
 * Web search end to end with the official SDKs. Code Assist refuses Google Search next to function declarations, and
 * the simulator does too (rule refuse-search-with-functions), so agt runs every search as its own `web_search`
 * request: the whole request when search is the only tool, or, next to function tools, each time the model calls
 * agt's `web_search` function (the simulator calls a tool when the text says `call the tool <name> with {json}`).
 * The simulated search answers two sentences backed by two sources (`buildGroundedAnswer`).
 */

interface Envelope {
  model?: string;
  requestType?: string;
  request?: {
    contents?: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    tools?: Array<{ googleSearch?: unknown; functionDeclarations?: Array<{ name: string }> }>;
  };
}

const WEB_SEARCH_TOOL = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 } as const;
const WEATHER: Tool = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

describe('web search through agt', () => {
  let setup: GatewayBehindRecordingProxy;
  let simulator: GoogleSimulator;
  let proxy: RecordingProxy;
  let agt: TestGateway;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy();
    ({ simulator, proxy, agt } = setup);
    anthropic = new Anthropic({ baseURL: agt.baseUrl, apiKey: agt.apiKey, maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
  });

  afterAll(async () => {
    await setup?.close();
  });

  const rejections = () => ({ ...(simulator.state.counters().ruleRejections ?? {}) });
  const callsSince = (count: number) => proxy.calls.slice(count).map((call) => call.body as Envelope);
  const answerFor = (query: string) => buildGroundedAnswer(query);

  describe('Anthropic (Claude Code WebSearch and server tools)', () => {
    const query = 'Perform a web search for the query: go 1.26 release';

    function expectSearchContent(content: ContentBlock[]): void {
      expect(content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text', 'text', 'text']);
      const [use, result, first, space, second] = content;
      expect(use).toMatchObject({ type: 'server_tool_use', name: 'web_search', input: { query } });
      expect(result).toMatchObject({ type: 'web_search_tool_result', tool_use_id: (use as { id: string }).id });
      const results = (result as { content: Array<{ type: string; url: string; title: string; encrypted_content: string }> }).content;
      expect(results.map((entry) => entry.type)).toEqual(['web_search_result', 'web_search_result']);
      expect(results[0]?.url).toMatch(/^https:\/\/sim-search\.example\//);
      const text = answerFor(query).text;
      expect([first, space, second].map((block) => (block as { text: string }).text).join('')).toBe(text);
      expect((first as { citations: unknown[] }).citations).toEqual([
        expect.objectContaining({ type: 'web_search_result_location', url: results[0]?.url, cited_text: (first as { text: string }).text }),
      ]);
      expect((space as { citations?: unknown[] }).citations ?? []).toEqual([]);
      expect((second as { citations: Array<{ url: string }> }).citations.map((citation) => citation.url)).toEqual(results.map((entry) => entry.url));
    }

    it('a search-only request runs as one web_search request on a Gemini model, answered with native search blocks and citations', async () => {
      const before = rejections();
      const calls = proxy.calls.length;
      const message = await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: query }],
        tools: [WEB_SEARCH_TOOL as unknown as Tool],
      });
      expectSearchContent(message.content);
      expect(message.stop_reason).toBe('end_turn');
      const sent = callsSince(calls);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ model: 'gemini-3-flash', requestType: 'web_search', request: { tools: [{ googleSearch: {} }] } });
      expect(rejections()).toEqual(before);
    });

    it('streams the same blocks, citations as citations_delta', async () => {
      const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: query }], tools: [WEB_SEARCH_TOOL as unknown as Tool] });
      const deltas: string[] = [];
      stream.on('streamEvent', (event: RawMessageStreamEvent) => {
        if (event.type === 'content_block_delta') deltas.push(event.delta.type);
      });
      const final = await stream.finalMessage();
      expectSearchContent(final.content);
      expect(deltas).toContain('citations_delta');
    });

    it('replays a search in the history as text the model can read', async () => {
      const first = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: query }], tools: [WEB_SEARCH_TOOL as unknown as Tool] });
      const calls = proxy.calls.length;
      const messages: MessageParam[] = [
        { role: 'user', content: query },
        { role: 'assistant', content: first.content as MessageParam['content'] },
        { role: 'user', content: 'Thanks, summarise that' },
      ];
      await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages });
      const modelTurn = callsSince(calls)[0]?.request?.contents?.[1];
      const text = modelTurn?.parts.map((part) => part.text).join('\n') ?? '';
      expect(text).toContain('(Searched the web for: Perform a web search for the query: go 1.26 release)');
      expect(text).toContain('(Web search results:');
      expect(text).toContain('According to the first source, Perform a web search for the query: go 1.26 release is well documented.');
    });

    it('next to function tools, search is a function: the model calls it, agt searches, the answer continues in the same response', async () => {
      const before = rejections();
      const calls = proxy.calls.length;
      const message = await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'call the tool web_search with {"query":"go 1.26"}' }],
        tools: [WEATHER, WEB_SEARCH_TOOL as unknown as Tool],
      });
      expect(message.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
      expect(message.content[0]).toMatchObject({ input: { query: 'go 1.26' } });
      expect((message.content[2] as { text: string }).text).toMatch(/^Tool web_search returned: .*is well documented/);
      expect(message.stop_reason).toBe('end_turn');

      const sent = callsSince(calls);
      expect(sent.map((call) => call.requestType)).toEqual(['agent', 'web_search', 'agent']);
      expect(sent[0]?.request?.tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'get_weather' }), expect.objectContaining({ name: 'web_search' })] }]);
      expect(sent[1]).toMatchObject({ model: 'gemini-3-flash', request: { tools: [{ googleSearch: {} }], contents: [{ role: 'user', parts: [{ text: 'go 1.26' }] }] } });
      const continuation = sent[2]?.request?.contents ?? [];
      expect(continuation.map((content) => content.role)).toEqual(['user', 'model', 'user']);
      expect(continuation[1]?.parts[0]).toMatchObject({ functionCall: { name: 'web_search', args: { query: 'go 1.26' } } });
      expect(continuation[2]?.parts[0]).toMatchObject({
        functionResponse: { name: 'web_search', response: { query: 'go 1.26', result: answerFor('go 1.26').text } },
      });
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(rejections()).toEqual(before);
    });

    it('streams the loop, and the model still calls client tools as usual', async () => {
      const stream = anthropic.messages.stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'call the tool web_search with {"query":"rust 2.0"}' }],
        tools: [WEATHER, WEB_SEARCH_TOOL as unknown as Tool],
      });
      const final = await stream.finalMessage();
      expect(final.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);

      const before = rejections();
      const toolCall = await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'What is the weather?' }],
        tools: [WEATHER, WEB_SEARCH_TOOL as unknown as Tool],
      });
      expect(toolCall.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_weather' })]);
      expect(toolCall.stop_reason).toBe('tool_use');
      expect(rejections()).toEqual(before);
    });
  });

  describe('OpenAI Responses (Codex sends web_search with its function tools)', () => {
    const SHELL = { type: 'function' as const, name: 'shell', parameters: { type: 'object', properties: { command: { type: 'string' } } }, strict: false };

    it('answers a search with a web_search_call item and url_citation annotations, streamed', async () => {
      const before = rejections();
      const stream = openai.responses.stream({ model: 'gemini-3.1-pro-preview', input: 'call the tool web_search with {"query":"node 24"}', tools: [SHELL, { type: 'web_search' }] });
      const events: string[] = [];
      stream.on('event', (event) => events.push(event.type));
      const final = await stream.finalResponse();
      expect(final.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
      expect(final.output[0]).toMatchObject({ type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'node 24' } });
      expect(events).toEqual(expect.arrayContaining(['response.web_search_call.searching', 'response.web_search_call.completed']));
      expect(final.output_text).toMatch(/^Tool web_search returned:/);
      expect(rejections()).toEqual(before);
    });

    it('a search-only request cites its sources in the output_text annotations', async () => {
      const response = await openai.responses.create({ model: 'gemini-3.1-pro-preview', input: 'latest node', tools: [{ type: 'web_search_preview' }] });
      expect(response.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
      const message = response.output[1];
      if (message?.type !== 'message') throw new Error('expected a message');
      const part = message.content[0];
      if (part?.type !== 'output_text') throw new Error('expected output_text');
      expect(part.text).toBe(answerFor('latest node').text);
      expect(part.annotations).toHaveLength(3);
      for (const annotation of part.annotations) {
        if (annotation.type !== 'url_citation') throw new Error('expected url_citation');
        expect(annotation.url).toMatch(/sim-search\.example/);
        expect(part.text.slice(annotation.start_index, annotation.end_index).length).toBeGreaterThan(0);
      }
      const firstCitation = part.annotations[0] as { start_index: number; end_index: number };
      expect(part.text.slice(firstCitation.start_index, firstCitation.end_index)).toBe(
        'According to the first source, latest node is well documented.',
      );
    });

    it("keeps Codex's function calls working: without a search request the model calls the client's tool", async () => {
      const before = rejections();
      const response = await openai.responses.create({ model: 'gemini-3.1-pro-preview', input: 'list files', tools: [SHELL, { type: 'web_search' }] });
      expect(response.output.map((item) => item.type)).toEqual(['function_call']);
      expect(response.output[0]).toMatchObject({ name: 'shell' });
      expect(rejections()).toEqual(before);
    });
  });

  describe('OpenAI Chat Completions (web_search_options)', () => {
    it('answers with url_citation annotations, whole and streamed', async () => {
      const completion = await openai.chat.completions.create({
        model: 'gemini-3-flash',
        messages: [{ role: 'user', content: 'bun release' }],
        web_search_options: {},
      });
      const message = completion.choices[0]!.message;
      expect(message.content).toBe(answerFor('bun release').text);
      expect(message.annotations?.map((annotation) => message.content?.slice(annotation.url_citation.start_index, annotation.url_citation.end_index))).toEqual([
        'According to the first source, bun release is well documented.',
        'A second source confirms it.',
        'A second source confirms it.',
      ]);

      const stream = await openai.chat.completions.create({ model: 'gemini-3-flash', messages: [{ role: 'user', content: 'bun release' }], web_search_options: {}, stream: true });
      let content = '';
      let annotations = 0;
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta.content ?? '';
        annotations += ((chunk.choices[0]?.delta as { annotations?: unknown[] } | undefined)?.annotations ?? []).length;
      }
      expect(content).toBe(message.content);
      expect(annotations).toBe(3);
    });
  });

  describe('Gemini (googleSearch)', () => {
    it('gets groundingMetadata as Google sends it, from a web_search request on the requested model', async () => {
      const calls = proxy.calls.length;
      const response = await fetch(`${agt.baseUrl}/v1beta/models/gemini-3.1-pro-preview:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': agt.apiKey },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'deno news' }] }], tools: [{ google_search: {} }] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { candidates: Array<{ groundingMetadata?: unknown; content: { parts: Array<{ text: string }> } }> };
      expect(body.candidates[0]?.groundingMetadata).toEqual(answerFor('deno news').groundingMetadata);
      expect(body.candidates[0]?.content.parts.map((part) => part.text).join('')).toBe(answerFor('deno news').text);
      expect(callsSince(calls)[0]).toMatchObject({ model: 'gemini-pro-agent', requestType: 'web_search' });
    });

    it('next to functions, streams the grounding of the search agt ran, then the answer', async () => {
      const before = rejections();
      const response = await fetch(`${agt.baseUrl}/v1beta/models/gemini-3-flash:streamGenerateContent?alt=sse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': agt.apiKey },
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'call the tool web_search with {"query":"deno 3"}' }] }],
          tools: [{ googleSearch: {} }, { functionDeclarations: [{ name: 'read_file', parameters: { type: 'object', properties: {} } }] }],
        }),
      });
      const text = await response.text();
      const chunks = text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as { candidates?: Array<{ groundingMetadata?: unknown; finishReason?: string }>; usageMetadata?: unknown });
      expect(chunks.some((chunk) => chunk.candidates?.[0]?.groundingMetadata !== undefined)).toBe(true);
      expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(chunks.at(-1)?.usageMetadata).toBeDefined();
      expect(rejections()).toEqual(before);
    });
  });
});
