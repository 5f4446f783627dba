import { afterEach, describe, expect, it } from 'vitest';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy } from '../support/start-recording-proxy.js';

/**
 * Converted tool lists are kept by the bytes the client sent for `tools` (clients repeat the same list on every
 * request). Through a recording proxy in front of the strict simulator: a list sent again reaches the backend exactly
 * as the first time, a list that differs by one character is converted anew, and a body whose `tools` key is spelled
 * with escapes (JSON.parse reads it as `tools`, a byte comparison does not) is never served another list's conversion.
 */

let setup: GatewayBehindRecordingProxy | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

async function postRaw(path: string, text: string) {
  const agt = setup!.agt;
  const response = await fetch(`${agt.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${agt.apiKey}`, 'x-api-key': agt.apiKey, 'anthropic-version': '2023-06-01' },
    body: text,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

const tool = (name: string, description: string) => ({
  name,
  description,
  input_schema: { type: 'object', properties: { path: { type: 'string', description: 'Where — the file' } }, required: ['path'] },
});

interface Declaration {
  name: string;
  description?: string;
  parameters?: { required?: string[] };
}

function upstreamTools(): { functionDeclarations?: Declaration[] }[] | undefined {
  return setup!.proxy.calls.at(-1)?.body.request?.tools as { functionDeclarations?: Declaration[] }[] | undefined;
}

describe('tool lists kept by their bytes', () => {
  it('Anthropic: the same list gives the same upstream declarations, a changed list its own, escaped keys no cached one', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const messages = [{ role: 'user', content: 'read it' }];
    const listA = [tool('read_file', 'Reads a file'), { name: 'no_params', description: 'Takes nothing', input_schema: { type: 'object' } }];
    const listB = [tool('read_file', 'Reads a file!'), { name: 'no_params', description: 'Takes nothing', input_schema: { type: 'object' } }];
    const body = (tools: unknown, model = 'claude-sonnet-4-6') => JSON.stringify({ model, max_tokens: 64, messages, tools });

    const first = await postRaw('/v1/messages', body(listA));
    expect(first.status, first.text).toBe(200);
    const declaredA = upstreamTools();
    expect(declaredA?.[0]?.functionDeclarations?.map((declaration) => declaration.description)).toEqual(['Reads a file', 'Takes nothing']);
    // Claude gets a placeholder property for a tool without parameters, also when the list comes from the cache.
    expect(declaredA?.[0]?.functionDeclarations?.[1]?.parameters?.required).toEqual(['reason']);

    expect((await postRaw('/v1/messages', body(listA))).status).toBe(200);
    expect(upstreamTools()).toEqual(declaredA);

    expect((await postRaw('/v1/messages', body(listB))).status).toBe(200);
    expect(upstreamTools()?.[0]?.functionDeclarations?.[0]?.description).toBe('Reads a file!');

    // A Gemini model gets the same list without the Claude placeholder.
    expect((await postRaw('/v1/messages', body(listA, 'gemini-2.5-flash'))).status).toBe(200);
    expect(upstreamTools()?.[0]?.functionDeclarations?.[1]?.parameters).toEqual({ type: 'object', properties: {} });

    // `"too\u006cs"` is `tools` to JSON.parse, and the last of two keys wins: list B must reach the backend.
    const escaped = `{"model":"claude-sonnet-4-6","max_tokens":64,"messages":${JSON.stringify(messages)},"tools":${JSON.stringify(listA)},"too\\u006cs":${JSON.stringify(listB)}}`;
    const reply = await postRaw('/v1/messages', escaped);
    expect(reply.status, reply.text).toBe(200);
    expect(upstreamTools()?.[0]?.functionDeclarations?.[0]?.description).toBe('Reads a file!');
  });

  it('OpenAI chat: the same list gives the same declarations, and allowed_tools narrows a kept list for one request only', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const fn = (name: string, description: string) => ({ type: 'function', function: { name, description, parameters: { type: 'object', properties: { q: { type: 'string' } } } } });
    const tools = [fn('search', 'Searches — fast'), fn('open', 'Opens a page'), { type: 'custom', custom: { name: 'apply_patch', description: 'Applies a patch' } }];
    const body = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'go' }], tools, ...extra });
    const names = () => upstreamTools()?.[0]?.functionDeclarations?.map((declaration) => declaration.name);

    expect((await postRaw('/v1/chat/completions', body())).status).toBe(200);
    const first = upstreamTools();
    expect(names()).toEqual(['search', 'open', 'apply_patch']);
    expect((await postRaw('/v1/chat/completions', body())).status).toBe(200);
    expect(upstreamTools()).toEqual(first);

    const allowed = { tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'open' } }] } } };
    expect((await postRaw('/v1/chat/completions', body(allowed))).status).toBe(200);
    expect(names()).toEqual(['open']);
    expect((await postRaw('/v1/chat/completions', body())).status).toBe(200);
    expect(names()).toEqual(['search', 'open', 'apply_patch']);

    const changed = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'go' }], tools: [fn('search', 'Searches — slow')] });
    expect((await postRaw('/v1/chat/completions', changed)).status).toBe(200);
    expect(upstreamTools()?.[0]?.functionDeclarations?.[0]?.description).toBe('Searches — slow');
  });

  it('Responses: the same list gives the same declarations; tools declared by the input join it without touching the kept list', async () => {
    setup = await startTestGatewayBehindRecordingProxy({ accounts: 1 });
    const fn = (name: string) => ({ type: 'function', name, description: `The ${name} tool — with a dash`, parameters: { type: 'object', properties: { a: { type: 'string' } } } });
    const tools = [fn('shell'), { type: 'custom', name: 'apply_patch', description: 'Applies a patch' }];
    const body = (input: unknown) => JSON.stringify({ model: 'gemini-2.5-flash', input, tools });
    const names = () => upstreamTools()?.[0]?.functionDeclarations?.map((declaration) => declaration.name);

    expect((await postRaw('/v1/responses', body('go'))).status).toBe(200);
    const first = upstreamTools();
    expect(names()).toEqual(['shell', 'apply_patch']);
    expect((await postRaw('/v1/responses', body('again'))).status).toBe(200);
    expect(upstreamTools()).toEqual(first);

    const withInputTools = [{ type: 'additional_tools', tools: [fn('search_docs')] }, { type: 'message', role: 'user', content: 'go' }];
    const reply = await postRaw('/v1/responses', body(withInputTools));
    expect(reply.status, reply.text).toBe(200);
    expect(names()).toEqual(['shell', 'apply_patch', 'search_docs']);
    expect((await postRaw('/v1/responses', body('go'))).status).toBe(200);
    expect(names()).toEqual(['shell', 'apply_patch']);
  });
});
