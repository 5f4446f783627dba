import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { makeDataDir, runAgt, startAgtServer, waitFor, type ServerProcess } from '../support/e2e-helpers.js';

/**
 * Model routing end to end, with a real `agt serve` process over the simulated Google: every account's catalogue
 * comes from `fetchAvailableModels`, each client name goes to the best model of its family the chosen account serves,
 * an account that does not serve a model is not used for it, a 404 on one account rotates to the next, and a model
 * no account serves is a 404 in the client's protocol naming the model.
 *
 * Accounts: `gemini@` serves Gemini only, `claude@` Claude and one Gemini Pro, `both@` today's default catalogue.
 */
describe('model routing through agt serve', () => {
  let simulator: GoogleSimulator;
  let dataDir: string;
  let server: ServerProcess;
  const emails = ['gemini@example.com', 'claude@example.com', 'both@example.com'];

  const generateCount = (email: string) => simulator.state.counters().generate[email] ?? 0;
  const totalGenerates = () => emails.reduce((sum, email) => sum + generateCount(email), 0);
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, mapped: response.headers.get('x-agt-mapped-model'), text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const chat = (model: string, content = 'hi') => post('/v1/chat/completions', { model, messages: [{ role: 'user', content }] });
  const messages = (model: string, content = 'hi') =>
    post('/v1/messages', { model, max_tokens: 128_000, messages: [{ role: 'user', content }] }, { 'anthropic-version': '2023-06-01' });
  const gemini = (model: string, content = 'hi') => post(`/v1beta/models/${model}:generateContent`, { contents: [{ role: 'user', parts: [{ text: content }] }] });

  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    dataDir = await makeDataDir();
    const env = { AGT_GOOGLE_BASE_URL: simulator.url, ABV_AUTH_MODE: 'off', AGT_LOG_LEVEL: 'info' };
    const catalogues: Record<string, string[] | undefined> = {
      'gemini@example.com': ['gemini-3-flash', 'gemini-3.1-flash-lite', 'gemini-3.1-pro-low'],
      'claude@example.com': ['claude-opus-4-6-thinking', 'claude-sonnet-4-6', 'gemini-pro-agent'],
      'both@example.com': undefined,
    };
    for (const email of emails) {
      const { refreshToken } = simulator.state.createAccount({ email, models: catalogues[email] });
      const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', refreshToken], env);
      expect(added.code, added.stderr).toBe(0);
    }
    // The user's own mapping wins over the families: exact and wildcard keys.
    await writeFile(
      join(dataDir, 'gui_config.json'),
      JSON.stringify({ proxy: { custom_mapping: { 'team-fast': 'gemini-3.1-flash-lite', 'house-*': 'claude-sonnet-4-6' } } }),
    );
    server = await startAgtServer(dataDir, env);
    await waitFor(() => (server.output().match(/Model catalogue loaded/g) ?? []).length >= emails.length, { what: 'three catalogues', timeoutMs: 15_000 });
  });

  afterAll(async () => {
    await server?.stop();
    await simulator?.close();
  });

  it('resolves the default models of Claude Code, Codex and Gemini CLI to what the chosen account serves', async () => {
    const opus = await messages('claude-opus-5-5');
    expect(opus.status, opus.text).toBe(200);
    expect(opus.mapped).toBe('claude-opus-4-6-thinking');
    expect((await messages('claude-opus-4-8')).mapped).toBe('claude-opus-4-6-thinking');

    const codex = await post('/v1/responses', { model: 'gpt-5', input: 'hi' });
    expect(codex.status, codex.text).toBe(200);
    expect(['gemini-pro-agent', 'gemini-3.1-pro-low']).toContain(codex.mapped);

    const router = await gemini('gemini-3.5-flash-lite');
    expect(router.status, router.text).toBe(200);
    expect(router.mapped).toBe('gemini-3.1-flash-lite');
    const pro = await gemini('gemini-3.1-pro-preview');
    expect(pro.status, pro.text).toBe(200);
    expect(['gemini-pro-agent', 'gemini-3.1-pro-low']).toContain(pro.mapped);

    // Nothing agt sent was refused, and nothing was a 404 upstream.
    expect(simulator.state.counters().ruleRejections).toEqual({});
  });

  it('never sends a model to an account whose catalogue lacks its family', async () => {
    const geminiBefore = generateCount('gemini@example.com');
    for (let index = 0; index < 6; index++) {
      const reply = await messages('claude-sonnet-4-6', `claude ${index}`);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.mapped).toBe('claude-sonnet-4-6');
    }
    expect(generateCount('gemini@example.com')).toBe(geminiBefore);
  });

  it('picks the best model of the family per account: the newest Flash where served, the account\'s own otherwise', async () => {
    const seen = new Set<string>();
    for (let index = 0; index < 6; index++) {
      const reply = await chat('gpt-4o-mini', `flash ${index}`);
      expect(reply.status, reply.text).toBe(200);
      seen.add(reply.mapped as string);
    }
    // both@ serves Gemini 3.8 Flash High; gemini@ only Gemini 3 Flash; claude@ no Flash at all.
    expect([...seen].sort()).toEqual(['gemini-3-flash', 'gemini-3.8-flash-high']);
  });

  it('honours deprecatedModelIds and the custom mapping', async () => {
    const forwarded = await gemini('gemini-3.1-pro-high');
    expect(forwarded.status, forwarded.text).toBe(200);
    expect(['gemini-pro-agent', 'gemini-3.1-pro-low']).toContain(forwarded.mapped);
    expect((await chat('team-fast')).mapped).toBe('gemini-3.1-flash-lite');
    expect((await chat('house-model')).mapped).toBe('claude-sonnet-4-6');
  });

  it('a 404 on one account skips that model there, the next account serves, and the catalogue is fetched again', async () => {
    // The backend retires Gemini 3 Flash on gemini@ after agt fetched its catalogue.
    simulator.state.setCatalogue('gemini@example.com', ['gemini-3.1-flash-lite', 'gemini-3.1-pro-low']);
    const before = { gemini: generateCount('gemini@example.com'), both: generateCount('both@example.com') };
    const fetchesBefore = simulator.state.counters().quota['gemini@example.com'] ?? 0;
    for (let index = 0; index < 4; index++) {
      const reply = await chat('gemini-3-flash', `retired ${index}`);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.mapped).toBe('gemini-3-flash');
    }
    // Rotation reached gemini@ once (claude@ serves no Flash): its 404 moved that request and the rest to both@.
    expect(generateCount('gemini@example.com') - before.gemini).toBe(1);
    expect(generateCount('both@example.com') - before.both).toBe(4);
    await waitFor(() => (simulator.state.counters().quota['gemini@example.com'] ?? 0) > fetchesBefore, { what: 'gemini@ catalogue fetched again' });
  });

  it('a model no account serves is a 404 in each client protocol, naming the model and /v1/models, with no upstream call', async () => {
    const before = totalGenerates();
    const openai = await chat('mistral-large');
    expect(openai.status).toBe(404);
    expect(openai.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(openai.text).toContain('mistral-large');
    expect(openai.text).toContain('/v1/models');

    const anthropic = await messages('deepseek-chat');
    expect(anthropic.status).toBe(404);
    expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(anthropic.text).toContain('deepseek-chat');

    const google = await gemini('gemini-embedding-001');
    expect(google.status).toBe(404);
    expect(google.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    expect(google.text).toContain('gemini-embedding-001');
    expect(totalGenerates()).toBe(before);
  });

  it('a model every account answers 404 for is a 404 naming it, after trying each account once', async () => {
    // All three backends drop Claude Opus while agt's catalogues still list it.
    for (const email of ['claude@example.com', 'both@example.com']) simulator.state.setCatalogue(email, ['claude-sonnet-4-6', 'gemini-3-flash']);
    const before = totalGenerates();
    const reply = await messages('claude-opus-4-6-thinking');
    expect(reply.status, reply.text).toBe(404);
    expect(reply.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(reply.text).toContain('claude-opus-4-6-thinking');
    expect(reply.text).toContain('/v1/models');
    expect(totalGenerates() - before).toBe(2);
  });

  it('lists what is served (the union over accounts, family aliases, custom names), OpenAI and Anthropic shapes', async () => {
    const openai = (await (await fetch(`${server.baseUrl}/v1/models`)).json()) as { object: string; data: Array<{ id: string; object: string }> };
    expect(openai.object).toBe('list');
    const ids = openai.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['claude-sonnet-4-6', 'gemini-3.1-flash-lite', 'gemini-pro-agent', 'claude-sonnet-latest', 'gemini-flash-latest', 'team-fast']));
    expect(ids).not.toContain('house-*');
    expect(ids).not.toContain('gemini-3.1-pro-high');
    expect(ids).not.toContain('gemini-2.5-flash');

    const anthropic = (await (await fetch(`${server.baseUrl}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json()) as {
      data: Array<{ type: string; id: string; display_name: string }>;
      has_more: boolean;
    };
    expect(anthropic.has_more).toBe(false);
    expect(anthropic.data).toContainEqual(expect.objectContaining({ type: 'model', id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }));

    // A family name resolves; Claude Opus does not any more, since the previous test retired it everywhere (the 404s
    // made agt fetch those catalogues again).
    const known = await fetch(`${server.baseUrl}/v1/models/claude-haiku-4-5`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(known.status).toBe(200);
    expect(await known.json()).toMatchObject({ type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Sonnet 4.6' });
    await waitFor(async () => ((await fetch(`${server.baseUrl}/v1/models/claude-opus-5-5`)).status === 404 ? true : undefined), {
      what: 'Claude Opus gone from the listings',
    });
    const unknown = await fetch(`${server.baseUrl}/v1/models/mistral-large`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('/v1/models') } });
    const unknownAnthropic = await fetch(`${server.baseUrl}/v1/models/mistral-large`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(await unknownAnthropic.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});
