import { beforeEach, describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { startGoogleSimulator, type GoogleSimulator } from './index.js';
import { buildSimThoughtSignature } from './sim-thought-signature.js';
import {
  buildEnvelope,
  postJson,
  readSseChunks,
  refreshAccessToken,
  signInAccount,
  startSimulatorForTestFile,
  userText,
  type SignedInAccount,
} from './simulator-test-client.js';

let simulator: GoogleSimulator;
let account: SignedInAccount;
startSimulatorForTestFile((started) => (simulator = started));
beforeEach(async () => {
  account = await signInAccount(simulator, { email: 'user@example.com' });
});

function generate(body: unknown, token = account.accessToken): Promise<Response> {
  return postJson(`${simulator.url}/v1internal:generateContent`, body, token);
}

function stream(body: unknown, token = account.accessToken): Promise<Response> {
  return postJson(`${simulator.url}/v1internal:streamGenerateContent?alt=sse`, body, token);
}

async function errorOf(response: Response): Promise<{ code: number; message: string; status: string }> {
  return ((await response.json()) as { error: { code: number; message: string; status: string } }).error;
}

const TOOLS = [{ functionDeclarations: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] }];

describe('generateContent', () => {
  it('answers with the echo inside the response envelope', async () => {
    const response = await generate(buildEnvelope(account.projectId, userText('hello world')));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cloudaicompanion-trace-id')).toBeTruthy();
    const body = (await response.json()) as { response: GeminiResponse; traceId: string };
    expect(body.traceId).toBeTruthy();
    expect(body.response.candidates?.[0]).toMatchObject({
      content: { role: 'model', parts: [{ text: 'Echo: hello world' }] },
      finishReason: 'STOP',
    });
    expect(body.response.usageMetadata).toEqual({ promptTokenCount: 3, candidatesTokenCount: 5, totalTokenCount: 8 });
    expect(body.response.modelVersion).toBe('gemini-3-flash');
    expect(body.response.responseId).toBeTruthy();
    expect(simulator.state.counters().generate).toEqual({ 'user@example.com': 1 });
  });

  it('validates project, model, contents and thought signatures', async () => {
    const wrongProject = await generate(buildEnvelope('someone-elses-project', {}));
    expect(wrongProject.status).toBe(403);
    expect(await errorOf(wrongProject)).toMatchObject({
      status: 'PERMISSION_DENIED',
      message: 'Permission denied on resource project someone-elses-project.',
    });

    // Unknown, retired and deprecated ids are all the backend's plain 404.
    for (const model of ['gpt-4o', 'gemini-2.5-flash', 'gemini-3-pro-high', 'gemini-3.1-pro-high', 'models/gemini-3-pro-image']) {
      const unknownModel = await generate(buildEnvelope(account.projectId, {}, model));
      expect(unknownModel.status, model).toBe(404);
      expect(await errorOf(unknownModel)).toEqual({ code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' });
    }
    expect((await generate(buildEnvelope(account.projectId, {}, 'models/gemini-pro-agent'))).status).toBe(200);

    const noContents = await generate({ project: account.projectId, model: 'gemini-pro-agent', request: {} });
    expect(noContents.status).toBe(400);
    expect((await errorOf(noContents)).status).toBe('INVALID_ARGUMENT');

    const history = (signature?: string) =>
      buildEnvelope(account.projectId, {
        contents: [
          { role: 'user', parts: [{ text: 'look it up' }] },
          { role: 'model', parts: [{ functionCall: { name: 'lookup', args: {} }, ...(signature ? { thoughtSignature: signature } : {}) }] },
          { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { ok: true } } }] },
        ],
      });
    const unsigned = await generate(history());
    expect(unsigned.status).toBe(400);
    expect((await errorOf(unsigned)).message).toContain('Function call is missing a thought_signature in functionCall parts');
    expect(simulator.state.counters().ruleRejections).toEqual({ 'require-signed-function-calls': 1 });
    expect((await generate(history('skip_thought_signature_validator'))).status).toBe(200);
    const signed = await generate(history(buildSimThoughtSignature('gemini', 'earlier turn')));
    const body = (await signed.json()) as { response: GeminiResponse };
    expect(body.response.candidates?.[0].content?.parts).toEqual([{ text: 'Tool lookup returned: {"ok":true}' }]);
  });

  it('rejects an invalid or expired access token with UNAUTHENTICATED and refresh recovers', async () => {
    const bogus = await generate(buildEnvelope(account.projectId, {}), 'sim-at-bogus');
    expect(bogus.status).toBe(401);
    expect((await errorOf(bogus)).status).toBe('UNAUTHENTICATED');

    simulator.state.expireAccessTokens('user@example.com');
    const expired = await generate(buildEnvelope(account.projectId, {}));
    expect(expired.status).toBe(401);
    const refreshed = (await (await refreshAccessToken(simulator, account.refreshToken)).json()) as { access_token: string };
    expect((await generate(buildEnvelope(account.projectId, {}), refreshed.access_token)).status).toBe(200);
    expect(simulator.state.counters().generate).toEqual({ 'user@example.com': 1 });
  });

  it('expires access tokens after their lifetime', async () => {
    let now = Date.now();
    const clocked = await startGoogleSimulator({ clock: { now: () => now }, accessTokenTtlSeconds: 60 });
    try {
      const signed = await signInAccount(clocked, { email: 'user@example.com' });
      const send = () =>
        postJson(`${clocked.url}/v1internal:generateContent`, buildEnvelope(signed.projectId, {}), signed.accessToken);
      expect((await send()).status).toBe(200);
      now += 61_000;
      expect((await send()).status).toBe(401);
    } finally {
      await clocked.close();
    }
  });

  it('stops serving every token of a revoked account', async () => {
    simulator.state.revoke('user@example.com');
    expect((await generate(buildEnvelope(account.projectId, {}))).status).toBe(401);
    expect((await refreshAccessToken(simulator, account.refreshToken)).status).toBe(400);
  });
});

describe('streamGenerateContent', () => {
  it('streams the echo in several chunks, the last one with finishReason and usage', async () => {
    const text = 'please repeat this sentence back to me word for word, all of it';
    const response = await stream(buildEnvelope(account.projectId, userText(text)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const chunks = await readSseChunks(response);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.length).toBeLessThanOrEqual(6);
    expect(chunks.map((chunk) => chunk.candidates?.[0].content?.parts[0].text).join('')).toBe(`Echo: ${text}`);
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates?.[0].finishReason === undefined)).toBe(true);
    const last = chunks.at(-1) as GeminiResponse;
    expect(last.candidates?.[0].finishReason).toBe('STOP');
    expect(last.usageMetadata?.candidatesTokenCount).toBe(Math.ceil((text.length + 6) / 4));
  });

  it('streams thinking and a signed function call in their own chunks', async () => {
    const response = await stream(
      buildEnvelope(
        account.projectId,
        { ...userText('find cats'), tools: TOOLS, generationConfig: { thinkingConfig: { includeThoughts: true } } },
        'gemini-3-flash-agent',
      ),
    );
    const chunks = await readSseChunks(response);
    expect(chunks).toHaveLength(2);
    const thought = chunks[0].candidates?.[0].content?.parts[0];
    expect(thought).toMatchObject({ text: 'Thinking about: find cats', thought: true });
    expect(thought?.thoughtSignature?.length).toBeGreaterThanOrEqual(60);
    const call = chunks[1].candidates?.[0];
    expect(call?.content?.parts).toEqual([
      { functionCall: { name: 'lookup', args: { q: 'sim' }, id: 'call_1' }, thoughtSignature: thought?.thoughtSignature },
    ]);
    expect(call?.finishReason).toBe('STOP');
    expect(chunks[1].usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
  });

  it('describes images and truncates at maxOutputTokens', async () => {
    const image = Buffer.alloc(300, 7).toString('base64');
    const response = await stream(
      buildEnvelope(account.projectId, {
        contents: [{ role: 'user', parts: [{ text: 'what is this' }, { inlineData: { mimeType: 'image/jpeg', data: image } }] }],
      }),
    );
    const text = (await readSseChunks(response)).map((chunk) => chunk.candidates?.[0].content?.parts[0].text).join('');
    expect(text).toBe('Echo: what is this [image image/jpeg 300 bytes]');

    const limited = await stream(
      buildEnvelope(account.projectId, { ...userText('a b c d e f g h i j k l m n o p'), generationConfig: { maxOutputTokens: 3 } }),
    );
    const chunks = await readSseChunks(limited);
    expect(chunks.map((chunk) => chunk.candidates?.[0].content?.parts[0].text).join('')).toBe('Echo: a b c ');
    expect(chunks.at(-1)?.candidates?.[0].finishReason).toBe('MAX_TOKENS');
  });

  it('sends errors as plain JSON before any SSE frame', async () => {
    const response = await stream(buildEnvelope(account.projectId, {}, 'unknown-model'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
  });
});
