import { beforeEach, describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { parseSseStream } from '../shared/sse.js';
import { SIM_VALIDATION_URL, type GoogleSimulator, type SimulatorFaultInput } from './index.js';
import {
  buildEnvelope,
  postJson,
  refreshAccessToken,
  signInAccount,
  startSimulatorForTestFile,
  userText,
  waitUntil,
  type SignedInAccount,
} from './simulator-test-client.js';

let simulator: GoogleSimulator;
let account: SignedInAccount;
startSimulatorForTestFile((started) => (simulator = started));
beforeEach(async () => {
  account = await signInAccount(simulator, { email: 'user@example.com' });
});

const LONG_TEXT = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';

function addFault(fault: SimulatorFaultInput): Promise<Response> {
  return postJson(`${simulator.url}/_sim/faults`, fault);
}

function generate(model = 'gemini-3-flash', signal?: AbortSignal): Promise<Response> {
  return postJson(`${simulator.url}/v1internal:generateContent`, buildEnvelope(account.projectId, {}, model), account.accessToken, signal);
}

function stream(signal?: AbortSignal): Promise<Response> {
  return postJson(
    `${simulator.url}/v1internal:streamGenerateContent?alt=sse`,
    buildEnvelope(account.projectId, userText(LONG_TEXT)),
    account.accessToken,
    signal,
  );
}

interface GoogleError {
  code: number;
  message: string;
  status: string;
  details?: Array<Record<string, unknown>>;
}

async function errorOf(response: Response): Promise<GoogleError> {
  return ((await response.json()) as { error: GoogleError }).error;
}

async function collectUntilFailure(response: Response): Promise<{ chunks: GeminiResponse[]; failed: boolean }> {
  const chunks: GeminiResponse[] = [];
  try {
    for await (const event of parseSseStream(response.body as unknown as AsyncIterable<Uint8Array>)) {
      chunks.push((JSON.parse(event.data) as { response: GeminiResponse }).response);
    }
    return { chunks, failed: false };
  } catch {
    return { chunks, failed: true };
  }
}

describe('Code Assist error faults', () => {
  it('answers 429 with the ErrorInfo and RetryInfo anatomy, for `count` requests only', async () => {
    const created = await addFault({ target: 'generate', kind: '429', count: 1, retryDelaySeconds: 30 });
    expect(((await created.json()) as { id: string }).id).toMatch(/^fault-/);
    const limited = await generate('gemini-pro-agent');
    expect(limited.status).toBe(429);
    const error = await errorOf(limited);
    expect(error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(error.message).toContain('exhausted your capacity');
    expect(error.details).toEqual([
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'cloudcode-pa.googleapis.com',
        metadata: expect.objectContaining({ quotaResetDelay: '30s', model: 'gemini-pro-agent' }),
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' },
    ]);
    expect((await generate()).status).toBe(200);
    expect(simulator.state.counters().generate).toEqual({ 'user@example.com': 2 });
  });

  it('can say QUOTA_EXHAUSTED and filters by model and email', async () => {
    await addFault({ target: 'generate', kind: '429', model: 'gemini-3-flash', reason: 'QUOTA_EXHAUSTED' });
    await addFault({ target: 'any', kind: '503', email: 'other@example.com' });
    expect((await generate('gemini-3.1-flash-lite')).status).toBe(200);
    const limited = await generate('gemini-3-flash');
    expect((await errorOf(limited)).details?.[0].reason).toBe('QUOTA_EXHAUSTED');
    expect((await generate('gemini-3-flash')).status).toBe(429);
    const cleared = await fetch(`${simulator.url}/_sim/faults`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect((await generate('gemini-3-flash')).status).toBe(200);
  });

  const cases: Array<[SimulatorFaultInput['kind'], number, string]> = [
    ['500', 500, 'INTERNAL'],
    ['503', 503, 'UNAVAILABLE'],
    ['401', 401, 'UNAUTHENTICATED'],
    ['403', 403, 'PERMISSION_DENIED'],
    ['403-validation', 403, 'PERMISSION_DENIED'],
    ['403-service-disabled', 403, 'PERMISSION_DENIED'],
  ];
  for (const [kind, code, status] of cases) {
    it(`answers fault ${kind} with ${code} ${status}`, async () => {
      await addFault({ target: 'generate', kind, count: 1 });
      const response = await generate();
      expect(response.status).toBe(code);
      const error = await errorOf(response);
      expect(error.status).toBe(status);
      if (kind === '403-validation') {
        expect(error.details?.[0]).toMatchObject({
          reason: 'VALIDATION_REQUIRED',
          metadata: { validation_url: SIM_VALIDATION_URL },
        });
      }
      if (kind === '403-service-disabled') {
        expect(error.message).toContain(`Cloud Code Private API has not been used in project ${account.projectId}`);
        expect(error.details?.[0].reason).toBe('SERVICE_DISABLED');
      }
    });
  }

  it('applies faults to userinfo and loadCodeAssist targets', async () => {
    await addFault({ target: 'userinfo', kind: '503', count: 1 });
    await addFault({ target: 'loadCodeAssist', kind: '403-validation', count: 1 });
    const headers = { authorization: `Bearer ${account.accessToken}` };
    expect((await fetch(`${simulator.url}/oauth2/v2/userinfo`, { headers })).status).toBe(503);
    expect((await fetch(`${simulator.url}/oauth2/v2/userinfo`, { headers })).status).toBe(200);
    const load = await postJson(`${simulator.url}/v1internal:loadCodeAssist`, { metadata: {} }, account.accessToken);
    expect(load.status).toBe(403);
    expect((await generate()).status).toBe(200);
  });

  it('delays answers by latency faults', async () => {
    await addFault({ target: 'generate', kind: 'latency', delayMs: 150, count: 1 });
    const started = performance.now();
    expect((await generate()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects an unknown fault kind', async () => {
    const response = await addFault({ target: 'generate', kind: 'explode' as SimulatorFaultInput['kind'] });
    expect(response.status).toBe(400);
    expect(() => simulator.state.addFault({ target: 'nowhere' as 'any', kind: '500' })).toThrow(/target/);
  });
});

describe('stream faults and abort counting', () => {
  it('cuts a stream after `afterChunks` chunks without counting a client abort', async () => {
    await addFault({ target: 'generate', kind: 'cut-stream', afterChunks: 2, count: 1 });
    const response = await stream();
    expect(response.status).toBe(200);
    const { chunks, failed } = await collectUntilFailure(response);
    expect(failed).toBe(true);
    expect(chunks).toHaveLength(2);
    expect(chunks.every((chunk) => chunk.candidates?.[0].finishReason === undefined)).toBe(true);
    expect(simulator.state.counters().streamsAborted).toEqual({});
  });

  it('sends an empty event stream', async () => {
    await addFault({ target: 'generate', kind: 'empty-stream', count: 1 });
    const response = await stream();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('');
  });

  it('ignores stream-only faults on non-stream requests', async () => {
    await addFault({ target: 'generate', kind: 'cut-stream', count: 1 });
    expect((await generate()).status).toBe(200);
    expect(simulator.state.listFaults()).toHaveLength(1);
  });

  it('counts a hanging stream whose client goes away', async () => {
    await addFault({ target: 'generate', kind: 'hang' });
    const controller = new AbortController();
    const pending = stream(controller.signal).catch((error: unknown) => error);
    await waitUntil(() => simulator.state.counters().generate['user@example.com'] === 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitUntil(() => simulator.state.counters().streamsAborted['user@example.com'] === 1);
  });

  it('counts a slow stream abandoned after its first chunk', async () => {
    const settings = await postJson(`${simulator.url}/_sim/settings`, { chunkDelayMs: 200 });
    expect(await settings.json()).toMatchObject({ chunkDelayMs: 200 });
    const controller = new AbortController();
    const response = await stream(controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    controller.abort();
    await waitUntil(() => simulator.state.counters().streamsAborted['user@example.com'] === 1);
  });

  it('does not count streams that finish', async () => {
    await addFault({ target: 'generate', kind: 'slow-stream', delayMs: 5, count: 1 });
    const response = await stream();
    const { chunks, failed } = await collectUntilFailure(response);
    expect(failed).toBe(false);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(simulator.state.counters().streamsAborted).toEqual({});
  });
});

describe('token endpoint faults', () => {
  it('answers token-500, token-unauthorized_client and token-invalid_client, then recovers', async () => {
    await addFault({ target: 'token', kind: 'token-500', count: 1 });
    await addFault({ target: 'token', kind: 'token-unauthorized_client', count: 1 });
    await addFault({ target: 'token', kind: 'token-invalid_client', count: 1 });
    expect((await refreshAccessToken(simulator, account.refreshToken)).status).toBe(500);
    const unauthorized = await refreshAccessToken(simulator, account.refreshToken);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ error: 'unauthorized_client', error_description: 'Unauthorized' });
    const invalidClient = await refreshAccessToken(simulator, account.refreshToken);
    expect(await invalidClient.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The OAuth client was not found.',
    });
    expect((await refreshAccessToken(simulator, account.refreshToken)).status).toBe(200);
    const counters = simulator.state.counters();
    expect(counters.tokenErrors).toEqual({ 'user@example.com': 3 });
    expect(counters.refresh).toEqual({ 'user@example.com': 5 });
  });

  it('drops the connection on token-reset', async () => {
    await addFault({ target: 'token', kind: 'token-reset', email: 'user@example.com', count: 1 });
    await expect(refreshAccessToken(simulator, account.refreshToken)).rejects.toThrow();
    expect((await refreshAccessToken(simulator, account.refreshToken)).status).toBe(200);
  });

  it('does not apply Code Assist-only kinds to the token endpoint', async () => {
    await addFault({ target: 'any', kind: '429' });
    expect((await refreshAccessToken(simulator, account.refreshToken)).status).toBe(200);
    expect((await generate()).status).toBe(429);
  });
});
