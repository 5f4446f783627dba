import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoogleSimulator } from '../../src/simulator/index.js';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy, type RecordingProxy } from '../support/start-recording-proxy.js';
import type { TestGateway } from '../support/start-test-gateway.js';

/**
 * The thinking config and the per-model limits as the upstream model needs them, whatever the client's name and
 * protocol: requests shaped like Claude Code's, Codex's and Gemini CLI's go through agt and the simulator's rules
 * (output limit, budget under the limit, five stop sequences, VALIDATED tools with non-empty schemas, level xor budget)
 * refuse nothing. A recording pass-through shows what went upstream.
 */
describe('thinking and limits per upstream model', () => {
  let setup: GatewayBehindRecordingProxy;
  let simulator: GoogleSimulator;
  let proxy: RecordingProxy;
  let agt: TestGateway;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 2 });
    ({ simulator, proxy, agt } = setup);
  });
  afterAll(async () => setup?.close());

  const last = () => proxy.calls.at(-1)?.body;
  const rejections = () => simulator.state.counters().ruleRejections ?? {};

  it('Claude Code: 128000 max_tokens, adaptive thinking with an effort, an empty tool schema and many stop sequences', async () => {
    const client = new Anthropic({ baseURL: agt.baseUrl, apiKey: agt.apiKey, maxRetries: 0 });
    // Streamed, as Claude Code does (the SDK refuses a non-streamed request this large).
    const message = await client.messages
      .stream({
        model: 'claude-opus-5-5',
        max_tokens: 128_000,
        thinking: { type: 'adaptive' } as unknown as Anthropic.ThinkingConfigParam,
        ...({ output_config: { effort: 'medium' } } as object),
        stop_sequences: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'],
        tools: [
          { name: 'ExitPlanMode', description: 'no parameters', input_schema: { type: 'object', properties: {} } },
          { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' }, options: { type: 'object' } }, required: ['file_path'] } },
        ],
        messages: [{ role: 'user', content: 'no tools, just think' }],
      })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const sent = last();
    expect(sent?.model).toBe('claude-opus-4-6-thinking');
    expect(sent?.request?.generationConfig).toMatchObject({
      maxOutputTokens: 64_000,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 8_192 },
      stopSequences: ['a1', 'a2', 'a3', 'a4', 'a5'],
    });
    expect(sent?.request).toMatchObject({ toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } } });
    const declarations = (sent?.request?.tools?.[0] as { functionDeclarations: Array<{ parameters: { properties: Record<string, unknown> } }> }).functionDeclarations;
    expect(Object.keys(declarations[0]?.parameters.properties ?? {})).toEqual(['reason']);
    expect(Object.keys((declarations[1]?.parameters.properties.options as { properties: object }).properties)).toEqual(['reason']);
    expect(rejections()).toEqual({});
  });

  it('a Claude -thinking model always gets a budget, even when the client asks for no thinking', async () => {
    const client = new Anthropic({ baseURL: agt.baseUrl, apiKey: agt.apiKey, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-opus-4-6-thinking', max_tokens: 2_000, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]?.type).toBe('thinking');
    expect(last()?.request?.generationConfig).toEqual({ maxOutputTokens: 2_000, thinkingConfig: { includeThoughts: true, thinkingBudget: 1_999 } });
    expect(rejections()).toEqual({});
  });

  it('Codex: reasoning.effort on gpt-5 reaches Gemini 3 Pro as a thinking level', async () => {
    const client = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
    await client.responses.create({ model: 'gpt-5', input: 'hi', reasoning: { effort: 'high', summary: 'auto' }, max_output_tokens: 200_000 });
    const sent = last();
    expect(sent?.model).toBe('gemini-pro-agent');
    expect(sent?.request?.generationConfig).toEqual({ maxOutputTokens: 65_535, thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' } });
    expect(rejections()).toEqual({});
  });

  it('Gemini CLI: thinkingLevel stays a level on Gemini and becomes a budget on Claude (custom mapping)', async () => {
    const ai = new GoogleGenAI({ apiKey: agt.apiKey, httpOptions: { baseUrl: agt.baseUrl } });
    await ai.models.generateContent({
      model: 'gemini-3.1-pro-preview',
      contents: 'hi',
      config: { thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' as never }, maxOutputTokens: 65_536 },
    });
    expect(last()?.request?.generationConfig).toEqual({ maxOutputTokens: 65_535, thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' } });

    await agt.gateway.settings.update({ customMapping: { 'gemini-3.1-pro-preview': 'claude-sonnet-4-6' } });
    try {
      const answer = await ai.models.generateContent({
        model: 'gemini-3.1-pro-preview',
        contents: 'hi',
        config: { thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' as never } },
      });
      expect(answer.candidates?.[0]?.content?.parts?.[0]?.thought).toBe(true);
      expect(last()?.model).toBe('claude-sonnet-4-6');
      expect(last()?.request?.generationConfig).toEqual({ maxOutputTokens: 64_000, thinkingConfig: { includeThoughts: true, thinkingBudget: 24_576 } });
    } finally {
      await agt.gateway.settings.update({ customMapping: {} });
    }
    expect(rejections()).toEqual({});
  });
});
