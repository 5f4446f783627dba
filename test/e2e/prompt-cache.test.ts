import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy } from '../support/start-recording-proxy.js';

/**
 * Prompt caching end to end: every protocol names its conversation its own way, agt turns it into one stable
 * upstream `request.sessionId`, and the simulator (which caches the head of the previous prompt of the same session,
 * see `src/simulator/compute-cached-tokens.ts`) reports cached tokens that reach the client in its protocol's field.
 * The cache lives per account, as upstream: one account here, so both turns of a conversation reach the same one.
 */
describe('conversation id → upstream sessionId → cached tokens in usage', () => {
  let setup: GatewayBehindRecordingProxy;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
  });

  afterAll(async () => {
    await setup?.close();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const response = await fetch(`${setup.agt.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.agt.apiKey}`, ...headers },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  /** Sends both turns and returns the second answer and the sessionIds that went upstream. */
  async function twoTurns(send: (turn: 1 | 2) => Promise<Record<string, unknown>>) {
    const before = setup.proxy.calls.length;
    await send(1);
    const second = await send(2);
    const sessionIds = setup.proxy.calls.slice(before).map((call) => (call.body.request as { sessionId?: unknown } | undefined)?.sessionId);
    return { second, sessionIds };
  }

  const SYSTEM = 'You are a careful assistant who answers in one sentence.';
  const FIRST = 'What is the capital of France?';
  const SECOND = 'And of Italy?';

  it('Anthropic: x-claude-code-session-id → cache_read_input_tokens, input_tokens without them', async () => {
    const messages = [{ role: 'user', content: FIRST }];
    const { second, sessionIds } = await twoTurns((turn) =>
      post(
        '/v1/messages',
        {
          model: 'claude-sonnet-4-6',
          max_tokens: 256,
          system: SYSTEM,
          messages: turn === 1 ? messages : [...messages, { role: 'assistant', content: `Echo: ${FIRST}` }, { role: 'user', content: SECOND }],
        },
        { 'x-claude-code-session-id': 'claude-session-1' },
      ),
    );
    expect(sessionIds[0]).toMatch(/^-\d+$/);
    expect(sessionIds[1]).toBe(sessionIds[0]);
    const usage = second.usage as { input_tokens: number; cache_read_input_tokens?: number };
    // The system prompt and the first user turn were the head of the previous prompt of this session.
    expect(usage.cache_read_input_tokens).toBe(Math.ceil(SYSTEM.length / 4) + Math.ceil(FIRST.length / 4));
    expect(usage.input_tokens).toBeGreaterThan(0);
  });

  it('OpenAI Chat Completions: the first user text → prompt_tokens_details.cached_tokens', async () => {
    const messages = [{ role: 'system', content: SYSTEM }, { role: 'user', content: FIRST }];
    const { second, sessionIds } = await twoTurns((turn) =>
      post('/v1/chat/completions', {
        model: 'gemini-3-flash',
        messages: turn === 1 ? messages : [...messages, { role: 'assistant', content: `Echo: ${FIRST}` }, { role: 'user', content: SECOND }],
      }),
    );
    expect(sessionIds[1]).toBe(sessionIds[0]);
    const usage = second.usage as { prompt_tokens: number; prompt_tokens_details?: { cached_tokens: number } };
    expect(usage.prompt_tokens_details?.cached_tokens).toBe(Math.ceil(SYSTEM.length / 4) + Math.ceil(FIRST.length / 4));
    expect(usage.prompt_tokens).toBeGreaterThan(usage.prompt_tokens_details?.cached_tokens ?? 0);
  });

  it('Responses: prompt_cache_key → input_tokens_details.cached_tokens; another conversation gets another session', async () => {
    const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: FIRST }] }];
    const { second, sessionIds } = await twoTurns((turn) =>
      post('/v1/responses', {
        model: 'gpt-5',
        instructions: SYSTEM,
        store: false,
        prompt_cache_key: 'codex-thread-1',
        input:
          turn === 1
            ? input
            : [
                ...input,
                { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Echo: ${FIRST}` }] },
                { type: 'message', role: 'user', content: [{ type: 'input_text', text: SECOND }] },
              ],
      }),
    );
    expect(sessionIds[1]).toBe(sessionIds[0]);
    const usage = second.usage as { input_tokens_details: { cached_tokens: number } };
    expect(usage.input_tokens_details.cached_tokens).toBe(Math.ceil(SYSTEM.length / 4) + Math.ceil(FIRST.length / 4));

    const before = setup.proxy.calls.length;
    const other = await post('/v1/responses', { model: 'gpt-5', instructions: SYSTEM, prompt_cache_key: 'codex-thread-2', input: FIRST });
    expect((setup.proxy.calls[before].body.request as { sessionId?: string }).sessionId).not.toBe(sessionIds[0]);
    expect((other.usage as { input_tokens_details: { cached_tokens: number } }).input_tokens_details.cached_tokens).toBe(0);
  });

  it('Gemini: usageMetadata.cachedContentTokenCount as the backend reports it', async () => {
    const contents = [{ role: 'user', parts: [{ text: FIRST }] }];
    const { second, sessionIds } = await twoTurns((turn) =>
      post(
        '/v1beta/models/gemini-3-flash:generateContent',
        {
          systemInstruction: { parts: [{ text: SYSTEM }] },
          contents:
            turn === 1
              ? contents
              : [...contents, { role: 'model', parts: [{ text: `Echo: ${FIRST}` }] }, { role: 'user', parts: [{ text: SECOND }] }],
        },
        { 'x-goog-api-key': setup.agt.apiKey },
      ),
    );
    expect(sessionIds[1]).toBe(sessionIds[0]);
    const usage = second.usageMetadata as { cachedContentTokenCount?: number };
    expect(usage.cachedContentTokenCount).toBe(Math.ceil(SYSTEM.length / 4) + Math.ceil(FIRST.length / 4));
  });
});
