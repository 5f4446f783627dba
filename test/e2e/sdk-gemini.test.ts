import { ApiError, FinishReason, GoogleGenAI, Type, type Content, type FunctionDeclaration, type GenerateContentResponse } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_IMAGE_PNG_BASE64 } from '../../src/simulator/build-generate-reply.js';
import type { GoogleSimulator } from '../../src/simulator/index.js';
import {
  startTestGatewayBehindRecordingProxy,
  type GatewayBehindRecordingProxy,
  type RecordingProxy,
} from '../support/start-recording-proxy.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The official `@google/genai` SDK, configured exactly as a user would (`httpOptions.baseUrl: <agt>`, `apiKey` →
 * `x-goog-api-key`), against a real agt over the simulated Google. Between agt and the simulator sits a recording
 * pass-through, so tests can check what went upstream (thought signatures of replayed function calls).
 * The simulator is deterministic: `Echo: <last user text>`, a call of the first declared function, `Tool <name>
 * returned: <JSON>` for a function response, a signed thought when thinking is asked, tokens = ceil(chars / 4).
 */

const MODEL = 'gemini-2.5-flash';
const tokens = (text: string) => Math.ceil(text.length / 4);

const WEATHER_FUNCTION: FunctionDeclaration = {
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: {
    type: Type.OBJECT,
    properties: { city: { type: Type.STRING }, days: { type: Type.INTEGER } },
    required: ['city', 'days'],
  },
};

/** Reads an ApiError's JSON body (the SDK puts the whole error body in the message). */
function readErrorBody(error: ApiError): { error?: { code?: number; message?: string; status?: string; details?: unknown[] } } {
  return JSON.parse(error.message) as ReturnType<typeof readErrorBody>;
}

describe('official @google/genai SDK against agt', () => {
  let setup: GatewayBehindRecordingProxy;
  let simulator: GoogleSimulator;
  let proxy: RecordingProxy;
  let agt: TestGateway;
  let ai: GoogleGenAI;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy();
    ({ simulator, proxy, agt } = setup);
    ai = new GoogleGenAI({ apiKey: agt.apiKey, httpOptions: { baseUrl: agt.baseUrl } });
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('answers generateContent with the deterministic reply and usageMetadata', async () => {
    const response = await ai.models.generateContent({ model: MODEL, contents: 'Say hello' });

    expect(response.text).toBe('Echo: Say hello');
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    expect(response.candidates?.[0]?.content?.role).toBe('model');
    expect(response.usageMetadata).toEqual(
      expect.objectContaining({
        promptTokenCount: tokens('Say hello'),
        candidatesTokenCount: tokens('Echo: Say hello'),
        totalTokenCount: tokens('Say hello') + tokens('Echo: Say hello'),
      }),
    );
  });

  it('sends the system instruction along', async () => {
    const response = await ai.models.generateContent({ model: MODEL, contents: 'Hi there', config: { systemInstruction: 'You are terse.' } });
    expect(response.text).toBe('Echo: Hi there');
    expect(response.usageMetadata?.promptTokenCount).toBe(tokens('Hi there' + 'You are terse.'));
  });

  it('streams with generateContentStream; the text reassembles and the last chunk has finishReason and usage', async () => {
    const text = 'Stream this sentence back to me in several pieces please, thank you very much';
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: text })) chunks.push(chunk);

    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe(`Echo: ${text}`);
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    expect(last?.usageMetadata).toEqual(
      expect.objectContaining({ promptTokenCount: tokens(text), candidatesTokenCount: tokens(`Echo: ${text}`) }),
    );
    for (const chunk of chunks.slice(0, -1)) expect(chunk.candidates?.[0]?.finishReason).toBeUndefined();
  });

  it('round-trips a function call without streaming (the replayed call needs no signature from the client)', async () => {
    const config = { tools: [{ functionDeclarations: [WEATHER_FUNCTION] }] };
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'What is the weather in Paris?' }] }];
    const first = await ai.models.generateContent({ model: MODEL, contents, config });

    expect(first.functionCalls).toHaveLength(1);
    const call = first.functionCalls?.[0];
    expect(call?.name).toBe('get_weather');
    expect(call?.args).toEqual({ city: 'sim', days: 1 });

    const modelContent = first.candidates?.[0]?.content;
    if (!modelContent) throw new Error('no model content');
    contents.push(modelContent);
    contents.push({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call?.id, response: { temperature: 21 } } }] });
    const second = await ai.models.generateContent({ model: MODEL, contents, config });
    expect(second.text).toBe('Tool get_weather returned: {"temperature":21}');
    expect(second.functionCalls).toBeUndefined();
  });

  it('round-trips a function call while streaming, with a parametersJsonSchema declaration', async () => {
    const config = {
      tools: [
        {
          functionDeclarations: [
            {
              name: 'book_trip',
              parametersJsonSchema: {
                type: 'object',
                properties: { origin: { type: 'string' }, nights: { type: 'number' }, refundable: { type: 'boolean' } },
                required: ['origin', 'nights', 'refundable'],
              },
            },
          ],
        },
      ],
    };
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'Book me a trip' }] }];
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents, config })) chunks.push(chunk);
    const calls = chunks.flatMap((chunk) => chunk.functionCalls ?? []);
    expect(calls).toHaveLength(1);
    expect(calls[0].name).toBe('book_trip');
    expect(calls[0].args).toEqual({ origin: 'sim', nights: 1, refundable: true });
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);

    contents.push({ role: 'model', parts: chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []) });
    contents.push({ role: 'user', parts: [{ functionResponse: { name: 'book_trip', response: { output: 'booked' } } }] });
    let text = '';
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents, config })) text += chunk.text ?? '';
    expect(text).toBe('Tool book_trip returned: {"output":"booked"}');
  });

  it('returns thought parts for includeThoughts and forwards the thought signature of a replayed call', async () => {
    const config = {
      thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
      tools: [{ functionDeclarations: [WEATHER_FUNCTION] }],
    };
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'Weather in Oslo?' }] }];
    const first = await ai.models.generateContent({ model: MODEL, contents, config });
    const parts = first.candidates?.[0]?.content?.parts ?? [];
    expect(parts[0]).toEqual(expect.objectContaining({ thought: true, text: 'Thinking about: Weather in Oslo?' }));
    const callPart = parts.find((part) => part.functionCall !== undefined);
    expect(callPart?.thoughtSignature).toMatch(/^gemini#sim-sig-gemini-/);
    expect(first.usageMetadata?.thoughtsTokenCount).toBe(tokens('Thinking about: Weather in Oslo?'));

    contents.push({ role: 'model', parts });
    contents.push({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'clear' } } }] });
    const before = proxy.calls.length;
    const second = await ai.models.generateContent({ model: MODEL, contents, config });
    expect(second.text).toBe('Tool get_weather returned: {"sky":"clear"}');

    const upstreamModelTurn = proxy.calls.slice(before).at(-1)?.body.request?.contents?.find((content) => content.role === 'model');
    const upstreamCall = upstreamModelTurn?.parts.find((part) => part.functionCall !== undefined);
    expect(upstreamCall?.thoughtSignature).toBe(callPart?.thoughtSignature?.slice('gemini#'.length));
  });

  it('streams thought parts before the answer', async () => {
    const chunks: GenerateContentResponse[] = [];
    const stream = await ai.models.generateContentStream({
      model: MODEL,
      contents: 'Think first',
      config: { thinkingConfig: { includeThoughts: true } },
    });
    for await (const chunk of stream) chunks.push(chunk);
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    expect(parts[0]).toEqual(expect.objectContaining({ thought: true, text: 'Thinking about: Think first' }));
    expect(
      parts
        .filter((part) => part.thought !== true)
        .map((part) => part.text ?? '')
        .join(''),
    ).toBe('Echo: Think first');
  });

  it('reports MAX_TOKENS when maxOutputTokens cuts the answer', async () => {
    const response = await ai.models.generateContent({ model: MODEL, contents: 'one two three four five six seven eight', config: { maxOutputTokens: 3 } });
    expect(response.text).toBe('Echo: one tw');
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.MAX_TOKENS);
  });

  it('fails a stream cut after it started instead of ending it quietly as if complete', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
    simulator.state.addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 2, count: 1 });
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: text });
    let received = '';
    const consume = async () => {
      for await (const chunk of stream) received += chunk.text ?? '';
    };
    const error = await consume().catch((caught: unknown) => caught);
    // The SDK raises ApiError when the error line arrives in its own network read, and "Incomplete JSON segment at
    // the end" when it shares one with the frame before it; either way the caller learns the answer is incomplete.
    expect(error).toBeInstanceOf(Error);
    if (error instanceof ApiError) expect(error.status).toBe(502);
    else expect((error as Error).message).toBe('Incomplete JSON segment at the end');
    expect(received.length).toBeGreaterThan(0);
    expect(`Echo: ${text}`.startsWith(received)).toBe(true);
    expect(received).not.toBe(`Echo: ${text}`);
  });

  it('describes inlineData by mime type and byte count', async () => {
    const bytes = Buffer.from(SIM_IMAGE_PNG_BASE64, 'base64').length;
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: [{ role: 'user', parts: [{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: SIM_IMAGE_PNG_BASE64 } }] }],
    });
    expect(response.text).toBe(`Echo: What is this? [image image/png ${bytes} bytes]`);
  });

  it('counts tokens with models.countTokens', async () => {
    const counted = await ai.models.countTokens({ model: MODEL, contents: 'Count these words please' });
    expect(counted.totalTokens).toBe(tokens('Count these words please'));
  });

  it('lists models with models.list() and reads one with models.get()', async () => {
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['models/gemini-3-flash', 'models/gemini-pro-agent', 'models/gemini-pro-latest']));
    expect(names).not.toContain('models/gemini-2.5-flash');
    // Gemini CLI's default names resolve to what the account serves; the limits are the serving model's.
    const one = await ai.models.get({ model: 'gemini-3.1-pro-preview' });
    expect(one.name).toBe('models/gemini-3.1-pro-preview');
    expect(one.displayName).toBe('Gemini 3.1 Pro (High)');
    expect(one.outputTokenLimit).toBe(65_535);
    expect(one.supportedActions).toEqual(expect.arrayContaining(['generateContent']));
    const missing = await ai.models.get({ model: 'gemini-embedding-001' }).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBe(404);
  });

  describe('errors arrive as the SDK’s ApiError', () => {
    it('401 for a wrong API key', async () => {
      const wrong = new GoogleGenAI({ apiKey: 'wrong-key', httpOptions: { baseUrl: agt.baseUrl } });
      const error = await wrong.models.generateContent({ model: MODEL, contents: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
      expect(readErrorBody(error as ApiError).error).toEqual(expect.objectContaining({ code: 401, status: 'UNAUTHENTICATED' }));
    });

    it('400 for contents of the wrong type, naming the field', async () => {
      // The SDK forwards part fields as given, so a number where text belongs reaches agt unchanged.
      const error = await ai.models
        .generateContent({ model: MODEL, contents: [{ role: 'user', parts: [{ text: 42 as unknown as string }] }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      const body = readErrorBody(error as ApiError).error;
      expect(body).toEqual(expect.objectContaining({ code: 400, status: 'INVALID_ARGUMENT' }));
      expect(body?.message).toMatch(/contents\[0\]\.parts\[0\]\.text/);
    });

    it('400 for a generation config of the wrong type, naming the field', async () => {
      const error = await ai.models
        .generateContent({ model: MODEL, contents: 'x', config: { temperature: 'hot' as unknown as number } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect(readErrorBody(error as ApiError).error?.message).toMatch(/temperature/);
    });

    it('404 NOT_FOUND for a model the upstream does not serve', async () => {
      const error = await ai.models.generateContent({ model: 'no-such-model', contents: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      expect(readErrorBody(error as ApiError).error).toEqual(expect.objectContaining({ code: 404, status: 'NOT_FOUND' }));
    });

    it('429 RESOURCE_EXHAUSTED with RetryInfo and retry-after when every account is rate-limited, no email', async () => {
      // Scoped to one upstream model so the other tests of this file keep their accounts.
      const model = 'gemini-3.1-pro-low';
      simulator.state.addFault({ target: 'generate', kind: '429', model, retryDelaySeconds: 30 });
      try {
        const error = await ai.models.generateContent({ model, contents: 'limited' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(429);
        const body = readErrorBody(error as ApiError).error;
        expect(body).toEqual(expect.objectContaining({ code: 429, status: 'RESOURCE_EXHAUSTED' }));
        expect(body?.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: expect.stringMatching(/^(2[5-9]|30)s$/) })]),
        );
        expect((error as ApiError).message).not.toMatch(/@example\.com/);

        const streamError = await ai.models.generateContentStream({ model, contents: 'limited' }).catch((caught: unknown) => caught);
        expect(streamError).toBeInstanceOf(ApiError);
        expect((streamError as ApiError).status).toBe(429);

        // The SDK does not expose headers; the same request made by hand shows Retry-After.
        const raw = await fetch(`${agt.baseUrl}/v1beta/models/${model}:generateContent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-goog-api-key': agt.apiKey },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'limited' }] }] }),
        });
        expect(raw.status).toBe(429);
        expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(25);
      } finally {
        simulator.state.clearFaults();
      }
    });
  });
});

describe('official @google/genai SDK: no usable account', () => {
  it('503 UNAVAILABLE naming invalid_grant (and no email) when every refresh token was revoked', async () => {
    const agt = await startTestGateway({ accounts: 2 });
    try {
      for (const email of agt.emails) agt.simulator.state.revoke(email);
      const ai = new GoogleGenAI({ apiKey: agt.apiKey, httpOptions: { baseUrl: agt.baseUrl } });
      const error = await ai.models.generateContent({ model: MODEL, contents: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(503);
      const body = readErrorBody(error as ApiError).error;
      expect(body).toEqual(expect.objectContaining({ code: 503, status: 'UNAVAILABLE' }));
      expect(body?.message).toMatch(/invalid_grant/);
      expect((error as ApiError).message).not.toMatch(/@example\.com/);
    } finally {
      await agt.close();
    }
  });

  it('503 from a gateway with no accounts at all', async () => {
    const agt = await startTestGateway({ accounts: 0 });
    try {
      const ai = new GoogleGenAI({ apiKey: agt.apiKey, httpOptions: { baseUrl: agt.baseUrl } });
      const error = await ai.models.generateContent({ model: MODEL, contents: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(503);
    } finally {
      await agt.close();
    }
  });
});
