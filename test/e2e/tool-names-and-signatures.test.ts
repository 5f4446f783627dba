import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoogleSimulator } from '../../src/simulator/index.js';
import { buildSimThoughtSignature } from '../../src/simulator/sim-thought-signature.js';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy, type RecordingProxy } from '../support/start-recording-proxy.js';
import type { TestGateway } from '../support/start-test-gateway.js';

/**
 * Tool names the backend refuses (MCP names over 64 characters, a leading digit, spaces) and thought signatures
 * across model families, end to end with the official SDKs. The simulator refuses invalid names, foreign or corrupt
 * signatures and unsigned calls exactly as Code Assist does (src/simulator/upstream-rules/), so every test also
 * checks that nothing agt sent was refused, unless the test provokes a refusal on purpose.
 */

const GEMINI_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const MCP_TOOL = 'mcp__plugin_playwright_playwright__browser_take_screenshot_of_the_whole_page_right_now';
const DIGIT_TOOL = '1password_lookup';

const tool = (name: string): Tool => ({
  name,
  description: `The ${name} tool`,
  input_schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
});

describe('tool names and thought signatures through agt', () => {
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
  const lastUpstream = () => proxy.calls.at(-1)?.body;

  describe('tool names', () => {
    it('Anthropic: long MCP and digit-first names go upstream valid and come back as the client named them, history too', async () => {
      const before = rejections();
      const tools = [tool(MCP_TOOL), tool(DIGIT_TOOL)];
      const messages: MessageParam[] = [{ role: 'user', content: 'Take a screenshot' }];
      const first = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages, tools });
      const toolUse = first.content.find((block) => block.type === 'tool_use');
      expect(toolUse?.type === 'tool_use' && toolUse.name).toBe(MCP_TOOL);

      const declared = (lastUpstream()?.request?.tools?.[0]?.functionDeclarations as Array<{ name: string }>).map((declaration) => declaration.name);
      expect(declared).toHaveLength(2);
      for (const name of declared) expect(name).toMatch(GEMINI_NAME);
      expect(declared[0]).not.toBe(MCP_TOOL);

      messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'saved' }] });
      const second = await anthropic.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages, tools }).finalMessage();
      expect(second.stop_reason).toBe('end_turn');
      const history = lastUpstream()?.request?.contents ?? [];
      expect(history[1]?.parts[0]?.functionCall).toMatchObject({ name: declared[0] });
      expect(history[2]?.parts[0]?.functionResponse).toMatchObject({ name: declared[0] });

      // The same tool gets the same upstream name on every turn, and tool_choice names the client's tool.
      const forced = await anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Look it up' }],
        tools,
        tool_choice: { type: 'tool', name: DIGIT_TOOL },
      });
      expect(forced.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: DIGIT_TOOL });
      const allowed = (lastUpstream()?.request as { toolConfig?: { functionCallingConfig?: { allowedFunctionNames?: string[] } } }).toolConfig;
      expect(allowed?.functionCallingConfig?.allowedFunctionNames).toEqual([declared[1]]);
      expect(rejections()).toEqual(before);
    });

    it('Chat Completions: streamed tool calls carry the client name', async () => {
      const before = rejections();
      const stream = await openai.chat.completions.create({
        model: 'gemini-3-flash',
        stream: true,
        messages: [{ role: 'user', content: 'Find the password' }],
        tools: [{ type: 'function', function: { name: DIGIT_TOOL, parameters: { type: 'object', properties: { query: { type: 'string' } } } } }],
      });
      const names: string[] = [];
      for await (const chunk of stream) {
        for (const call of chunk.choices[0]?.delta.tool_calls ?? []) if (call.function?.name) names.push(call.function.name);
      }
      expect(names).toEqual([DIGIT_TOOL]);
      expect(rejections()).toEqual(before);
    });

    it('Responses: a long namespaced tool streams back with its namespace and own name', async () => {
      const before = rejections();
      const namespace = 'mcp__codex_apps__a_connector_with_a_rather_long_name';
      const stream = openai.responses.stream({
        model: 'gemini-3-flash',
        input: 'Search my mail',
        tools: [
          {
            type: 'namespace',
            name: namespace,
            description: 'Mail',
            tools: [{ type: 'function', name: 'search_emails_by_sender_and_subject', parameters: { type: 'object', properties: {} }, strict: false }],
          },
        ] as unknown as OpenAI.Responses.Tool[],
      });
      const final = await stream.finalResponse();
      expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'search_emails_by_sender_and_subject', namespace });
      expect(rejections()).toEqual(before);
    });

    it('Gemini: a declaration name with characters the backend refuses is answered under its own name', async () => {
      const before = rejections();
      const response = await fetch(`${agt.baseUrl}/v1beta/models/gemini-3-flash:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': agt.apiKey },
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'go' }] }],
          tools: [{ functionDeclarations: [{ name: 'files/read file', parameters: { type: 'object', properties: {} } }] }],
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ functionCall?: { name: string } }> } }> };
      expect(body.candidates[0]?.content.parts.find((part) => part.functionCall)?.functionCall?.name).toBe('files/read file');
      expect(rejections()).toEqual(before);
    });
  });

  describe('thought signatures', () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };

    async function claudeToolTurn(): Promise<MessageParam[]> {
      const messages: MessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
      const first = await anthropic.messages.create({ model: 'claude-sonnet-4-6-thinking', max_tokens: 4096, thinking, messages, tools: [tool('get_weather')] });
      const toolUse = first.content.find((block) => block.type === 'tool_use');
      messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.type === 'tool_use' ? toolUse.id : '', content: 'clear' }] });
      return messages;
    }

    it('a Claude signature never reaches Gemini: its thinking goes as text and the call gets the sentinel', async () => {
      const messages = await claudeToolTurn();
      const before = rejections();
      const answer = await anthropic.messages.create({ model: 'gemini-3-flash', max_tokens: 4096, messages, tools: [tool('get_weather')] });
      expect(answer.stop_reason).toBe('end_turn');
      const modelTurn = lastUpstream()?.request?.contents?.[1];
      expect(lastUpstream()?.model).toBe('gemini-3-flash');
      expect(modelTurn?.parts).toEqual([
        { text: 'Thinking about: Weather in Oslo?' },
        expect.objectContaining({ functionCall: expect.objectContaining({ name: 'get_weather' }), thoughtSignature: 'skip_thought_signature_validator' }),
      ]);
      expect(rejections()).toEqual(before);
    });

    it('back on Claude the same history keeps its thinking, signed as issued and without a sentinel', async () => {
      const messages = await claudeToolTurn();
      const signature = (messages[1]?.content as Array<{ type: string; signature?: string }>)[0]?.signature ?? '';
      expect(signature).toMatch(/^claude#sim-sig-claude-/);
      const before = rejections();
      await anthropic.messages.create({ model: 'claude-sonnet-4-6-thinking', max_tokens: 4096, thinking, messages, tools: [tool('get_weather')] });
      const parts = lastUpstream()?.request?.contents?.[1]?.parts ?? [];
      expect(parts[0]).toEqual({ text: 'Thinking about: Weather in Oslo?', thought: true, thoughtSignature: signature.slice('claude#'.length) });
      expect(JSON.stringify(parts)).not.toContain('skip_thought_signature_validator');
      expect(rejections()).toEqual(before);
    });

    it('a signature the backend refuses is retried once on the same account with the thinking as text', async () => {
      const forged = `claude#${buildSimThoughtSignature('claude', 'x').slice(0, -4)}beef`;
      const calls = proxy.calls.length;
      const before = rejections();
      const answer = await anthropic.messages.create({
        model: 'claude-sonnet-4-6-thinking',
        max_tokens: 4096,
        thinking,
        messages: [
          { role: 'user', content: 'First question' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'old thoughts', signature: forged }, { type: 'text', text: 'Old answer' }] },
          { role: 'user', content: 'Second question' },
        ],
      });
      expect(answer.content.find((block) => block.type === 'text')).toMatchObject({ text: 'Echo: Second question' });
      expect(rejections()['require-own-family-signatures']).toBe((before['require-own-family-signatures'] ?? 0) + 1);
      expect(proxy.calls.length).toBe(calls + 2);
      const retried = lastUpstream()?.request;
      expect(retried?.contents?.[1]?.parts).toEqual([{ text: 'old thoughts' }, { text: 'Old answer' }]);
      expect(retried?.generationConfig?.thinkingConfig).toBeUndefined();
    });
  });
});
