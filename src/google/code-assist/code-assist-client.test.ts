import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  findClosedPortUrl,
  sendJson,
  startRecordingServer,
  waitFor,
  type RecordedRequest,
  type RecordingServer,
} from '../recording-server.test-helper.js';
import { buildAntigravityUserAgent, DEFAULT_ANTIGRAVITY_VERSION } from './antigravity-client-version.js';
import { createCodeAssistClient, DEFAULT_USER_AGENT } from './code-assist-client.js';
import { ProjectResolutionError } from './project-resolution-error.js';
import { UpstreamHttpError } from './upstream-http-error.js';
import { UpstreamNetworkError } from './upstream-network-error.js';

type Handler = (request: RecordedRequest, response: ServerResponse, raw: IncomingMessage) => void;

const ACCESS_TOKEN = 'sim-at-code-assist';
let dispatcher: Agent;
const servers: RecordingServer[] = [];

beforeAll(() => {
  dispatcher = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
});
afterAll(async () => {
  await dispatcher.close();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startUpstream(handler: Handler): Promise<RecordingServer> {
  const server = await startRecordingServer(handler);
  servers.push(server);
  return server;
}

function clientFor(
  baseUrls: string[],
  options: { userAgent?: string; headersTimeoutMs?: number; antigravityVersion?: string | (() => string) } = {},
) {
  return createCodeAssistClient({ baseUrls, dispatcher, ...options });
}

function reply(status: number, body: unknown = { response: { candidates: [] } }): Handler {
  return (_request, response) => sendJson(response, status, body);
}

describe('CodeAssistClient.call', () => {
  it('POSTs {base}/v1internal:generateContent with the headers and JSON body, body left unread', async () => {
    const upstream = await startUpstream(reply(200, { response: { candidates: [{ content: { parts: [{ text: 'hi' }] } }] } }));
    const response = await clientFor([upstream.url]).call('generateContent', {
      accessToken: ACCESS_TOKEN,
      body: { model: 'gemini-2.5-flash', project: 'p-1', request: { contents: [] } },
    });
    expect(response.status).toBe(200);
    expect(response.endpoint).toBe(upstream.url);
    expect(response.headers['content-type']).toContain('application/json');
    expect(await response.body.json()).toEqual({ response: { candidates: [{ content: { parts: [{ text: 'hi' }] } }] } });
    const [request] = upstream.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1internal:generateContent');
    expect(request?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['x-goog-user-project']).toBeUndefined();
    // The Antigravity binaries send neither on generate calls (CLIProxyAPI auth_test.go, Antigravity-Manager v4.1.24).
    expect(request?.headers['x-goog-api-client']).toBeUndefined();
    expect(request?.headers['client-metadata']).toBeUndefined();
    expect(JSON.parse(request?.body ?? '')).toEqual({ model: 'gemini-2.5-flash', project: 'p-1', request: { contents: [] } });
  });

  it('reports the configured Antigravity version, read on every request', async () => {
    const upstream = await startUpstream(reply(200));
    let version = '2.15.0';
    const client = clientFor([upstream.url], { antigravityVersion: () => version });
    await (await client.call('generateContent', { accessToken: ACCESS_TOKEN, body: {} })).body.text();
    version = '3.1.4';
    await (await client.call('generateContent', { accessToken: ACCESS_TOKEN, body: {} })).body.text();
    expect(upstream.requests.map((request) => request.headers['user-agent'])).toEqual([
      buildAntigravityUserAgent('2.15.0'),
      buildAntigravityUserAgent('3.1.4'),
    ]);
    expect(DEFAULT_USER_AGENT).toBe(buildAntigravityUserAgent(DEFAULT_ANTIGRAVITY_VERSION));
  });

  it('streams streamGenerateContent?alt=sse with Accept: text/event-stream', async () => {
    const upstream = await startUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"response":{"candidates":[{"content":{"parts":[{"text":"a"}]}}]}}\n\n');
      response.end('data: {"response":{"candidates":[{"content":{"parts":[{"text":"b"}]}}]}}\n\n');
    });
    const response = await clientFor([upstream.url], { userAgent: 'agt-test/1.0' }).call('streamGenerateContent', {
      accessToken: ACCESS_TOKEN,
      body: { request: {} },
      headers: { 'X-Goog-User-Project': 'p-9' },
    });
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) text += decoder.decode(chunk, { stream: true });
    expect(text.match(/^data: /gm)).toHaveLength(2);
    const [request] = upstream.requests;
    expect(request?.url).toBe('/v1internal:streamGenerateContent?alt=sse');
    expect(request?.headers.accept).toBe('text/event-stream');
    expect(request?.headers['user-agent']).toBe('agt-test/1.0');
    expect(request?.headers['x-goog-user-project']).toBe('p-9');
  });

  it('countTokens goes to :countTokens', async () => {
    const upstream = await startUpstream(reply(200, { totalTokens: 7 }));
    const response = await clientFor([upstream.url]).call('countTokens', { accessToken: ACCESS_TOKEN, body: { request: {} } });
    expect(await response.body.json()).toEqual({ totalTokens: 7 });
    expect(upstream.requests[0]?.url).toBe('/v1internal:countTokens');
  });

  it.each([503, 500, 404, 408])('first base %i → the second base answers', async (status) => {
    const first = await startUpstream(reply(status, { error: { code: status, message: 'first is down' } }));
    const second = await startUpstream(reply(200, { response: { ok: true } }));
    const response = await clientFor([first.url, second.url]).call('generateContent', { accessToken: ACCESS_TOKEN, body: {} });
    expect(response.status).toBe(200);
    expect(response.endpoint).toBe(second.url);
    expect(await response.body.json()).toEqual({ response: { ok: true } });
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(1);
  });

  it.each([429, 401, 403, 400])('first base %i → returned as is, no fallback', async (status) => {
    const first = await startUpstream(reply(status, { error: { code: status, message: 'no' } }));
    const second = await startUpstream(reply(200));
    const response = await clientFor([first.url, second.url]).call('generateContent', { accessToken: ACCESS_TOKEN, body: {} });
    expect(response.status).toBe(status);
    expect(response.endpoint).toBe(first.url);
    expect(await response.body.text()).toContain('"no"');
    expect(second.requests).toHaveLength(0);
  });

  it('tries the bases in order: 503, 503, then the third', async () => {
    const order: string[] = [];
    const first = await startUpstream((request, response) => {
      order.push('first');
      reply(503)(request, response, undefined as never);
    });
    const second = await startUpstream((request, response) => {
      order.push('second');
      reply(502)(request, response, undefined as never);
    });
    const third = await startUpstream((request, response) => {
      order.push('third');
      reply(200)(request, response, undefined as never);
    });
    const response = await clientFor([first.url, second.url, third.url]).call('generateContent', {
      accessToken: ACCESS_TOKEN,
      body: {},
    });
    await response.body.text();
    expect(order).toEqual(['first', 'second', 'third']);
    expect(response.endpoint).toBe(third.url);
  });

  it('returns the last base 5xx to the caller', async () => {
    const first = await startUpstream(reply(503));
    const second = await startUpstream(reply(500, { error: { code: 500, message: 'boom' } }));
    const response = await clientFor([first.url, second.url]).call('generateContent', { accessToken: ACCESS_TOKEN, body: {} });
    expect(response.status).toBe(500);
    expect(response.endpoint).toBe(second.url);
    await response.body.text();
  });

  it('a network error on the first base falls back; on the last base it throws UpstreamNetworkError', async () => {
    const closed = await findClosedPortUrl();
    const healthy = await startUpstream(reply(200));
    const response = await clientFor([closed, healthy.url]).call('generateContent', { accessToken: ACCESS_TOKEN, body: {} });
    expect(response.endpoint).toBe(healthy.url);
    await response.body.text();

    const error = await clientFor([await findClosedPortUrl(), closed])
      .call('generateContent', { accessToken: ACCESS_TOKEN, body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect((error as UpstreamNetworkError).code).toBe('ECONNREFUSED');
    expect((error as UpstreamNetworkError).endpoint).toBe(closed);
    expect((error as Error).message).not.toContain(ACCESS_TOKEN);
  });

  it('a headers timeout counts as a network error', async () => {
    const silent = await startUpstream(() => undefined);
    const error = await clientFor([silent.url], { headersTimeoutMs: 200 })
      .call('generateContent', { accessToken: ACCESS_TOKEN, body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect((error as UpstreamNetworkError).code).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('aborting mid-stream closes the upstream request', async () => {
    let upstreamClosed = false;
    const upstream = await startUpstream((_request, response) => {
      response.on('close', () => {
        upstreamClosed = true;
      });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"response":{}}\n\n');
      // …and never ends on its own.
    });
    const controller = new AbortController();
    const response = await clientFor([upstream.url]).call('streamGenerateContent', {
      accessToken: ACCESS_TOKEN,
      body: {},
      signal: controller.signal,
    });
    const iterator = response.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(new TextDecoder().decode(first.value)).toContain('data:');
    controller.abort();
    await expect(iterator.next()).rejects.toThrow();
    await waitFor(() => upstreamClosed);
  });

  it('aborting before the headers rejects, closes the request and does not try the next base', async () => {
    let firstClosed = false;
    const first = await startUpstream((_request, _response, raw) => {
      raw.socket.on('close', () => {
        firstClosed = true;
      });
    });
    const second = await startUpstream(reply(200));
    const controller = new AbortController();
    const pending = clientFor([first.url, second.url]).call('generateContent', {
      accessToken: ACCESS_TOKEN,
      body: {},
      signal: controller.signal,
    });
    await waitFor(() => first.requests.length === 1);
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UpstreamNetworkError);
    await waitFor(() => firstClosed);
    expect(second.requests).toHaveLength(0);
  });
});

describe('CodeAssistClient project discovery', () => {
  it('loadCodeAssist sends the Antigravity metadata and returns the parsed answer', async () => {
    const upstream = await startUpstream(
      reply(200, { cloudaicompanionProject: 'proj-existing', currentTier: { id: 'standard-tier', name: 'Standard' } }),
    );
    const load = await clientFor([upstream.url]).loadCodeAssist(ACCESS_TOKEN);
    expect(load.cloudaicompanionProject).toBe('proj-existing');
    expect(upstream.requests[0]?.url).toBe('/v1internal:loadCodeAssist');
    // Antigravity-Manager project_resolver.rs and CLIProxyAPI send this metadata and no x-goog-api-client.
    expect(JSON.parse(upstream.requests[0]?.body ?? '')).toEqual({ metadata: { ideType: 'ANTIGRAVITY' } });
    expect(upstream.requests[0]?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(upstream.requests[0]?.headers['x-goog-api-client']).toBeUndefined();
  });

  it('resolveProjectId returns an existing project with the paid tier first', async () => {
    const upstream = await startUpstream(
      reply(200, {
        cloudaicompanionProject: 'proj-existing',
        currentTier: { id: 'free-tier' },
        paidTier: { id: 'g1-pro-tier' },
      }),
    );
    await expect(clientFor([upstream.url]).resolveProjectId(ACCESS_TOKEN)).resolves.toEqual({
      projectId: 'proj-existing',
      tier: 'g1-pro-tier',
    });
    expect(upstream.requests).toHaveLength(1);
  });

  it('onboards with the default tier and polls the operation until done', async () => {
    let polls = 0;
    const upstream = await startUpstream((request, response) => {
      if (request.url === '/v1internal:loadCodeAssist') {
        sendJson(response, 200, {
          allowedTiers: [
            { id: 'legacy-tier', isDefault: false },
            { id: 'free-tier', isDefault: true },
          ],
        });
      } else if (request.url === '/v1internal:onboardUser') {
        sendJson(response, 200, { name: 'operations/onboard-1', done: false });
      } else if (request.method === 'GET' && request.url === '/v1internal/operations/onboard-1') {
        polls += 1;
        sendJson(
          response,
          200,
          polls < 3
            ? { name: 'operations/onboard-1', done: false }
            : { name: 'operations/onboard-1', done: true, response: { cloudaicompanionProject: { id: 'proj-new', name: 'New' } } },
        );
      } else {
        sendJson(response, 404, { error: { code: 404, message: `unexpected ${request.method} ${request.url}` } });
      }
    });
    const result = await clientFor([upstream.url]).resolveProjectId(ACCESS_TOKEN, { pollIntervalMs: 10 });
    expect(result).toEqual({ projectId: 'proj-new', tier: 'free-tier' });
    expect(polls).toBe(3);
    const onboard = upstream.requests.find((request) => request.url === '/v1internal:onboardUser');
    const onboardBody = JSON.parse(onboard?.body ?? '') as Record<string, unknown>;
    expect(onboardBody.tierId).toBe('free-tier');
    expect(onboardBody).not.toHaveProperty('cloudaicompanionProject');
    expect(onboardBody.metadata).toEqual({ ideType: 'ANTIGRAVITY', ideVersion: DEFAULT_ANTIGRAVITY_VERSION, ideName: 'antigravity' });
    const gets = upstream.requests.filter((request) => request.method === 'GET');
    expect(gets).toHaveLength(3);
    expect(gets[0]?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    // onboardUser and its polls use the Node control-plane headers (CLIProxyAPI assertOnboardUserHeaders).
    for (const request of [onboard, ...gets]) {
      expect(request?.headers['user-agent']).toBe(`${DEFAULT_USER_AGENT} google-api-nodejs-client/10.3.0`);
      expect(request?.headers['x-goog-api-client']).toBe('gl-node/22.21.1');
    }
  });

  it('onboards to legacy-tier when no tier is marked default, and accepts an immediately done operation', async () => {
    const upstream = await startUpstream((request, response) => {
      if (request.url === '/v1internal:loadCodeAssist') sendJson(response, 200, { allowedTiers: [{ id: 'standard-tier' }] });
      else sendJson(response, 200, { done: true, response: { cloudaicompanionProject: { id: 'proj-legacy' } } });
    });
    await expect(clientFor([upstream.url]).resolveProjectId(ACCESS_TOKEN, { pollIntervalMs: 10 })).resolves.toEqual({
      projectId: 'proj-legacy',
      tier: 'legacy-tier',
    });
    expect(JSON.parse(upstream.requests[1]?.body ?? '')).toMatchObject({ tierId: 'legacy-tier' });
  });

  it('never invents a project: a finished onboarding without one is an error', async () => {
    const upstream = await startUpstream((request, response) => {
      if (request.url === '/v1internal:loadCodeAssist') sendJson(response, 200, {});
      else sendJson(response, 200, { done: true, response: {} });
    });
    const error = await clientFor([upstream.url])
      .resolveProjectId(ACCESS_TOKEN, { pollIntervalMs: 10 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectResolutionError);
    expect((error as Error).message).toMatch(/without a project/);
  });

  it('gives up when onboarding never finishes', async () => {
    const upstream = await startUpstream((request, response) => {
      if (request.url === '/v1internal:loadCodeAssist') sendJson(response, 200, {});
      else sendJson(response, 200, { name: 'operations/slow', done: false });
    });
    const error = await clientFor([upstream.url])
      .resolveProjectId(ACCESS_TOKEN, { pollIntervalMs: 20, timeoutMs: 150 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectResolutionError);
    expect((error as Error).message).toMatch(/did not finish/);
    expect(upstream.requests.filter((request) => request.method === 'GET').length).toBeGreaterThan(0);
  });

  it('reports an ineligible account with its validation link', async () => {
    const upstream = await startUpstream(
      reply(200, {
        ineligibleTiers: [
          {
            reasonCode: 'VALIDATION_REQUIRED',
            reasonMessage: 'Verify your account to continue.',
            tierId: 'free-tier',
            validationUrl: 'https://accounts.google.com/verify',
          },
        ],
      }),
    );
    const error = (await clientFor([upstream.url])
      .resolveProjectId(ACCESS_TOKEN)
      .catch((caught: unknown) => caught)) as ProjectResolutionError;
    expect(error).toBeInstanceOf(ProjectResolutionError);
    expect(error.message).toContain('Verify your account to continue.');
    expect(error.validationUrl).toBe('https://accounts.google.com/verify');
    expect(upstream.requests).toHaveLength(1);
  });

  it('wraps an upstream 403 from loadCodeAssist with its classification', async () => {
    const upstream = await startUpstream(
      reply(403, {
        error: {
          code: 403,
          message: 'Verify your account to continue.',
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'VALIDATION_REQUIRED',
              metadata: { validation_url: 'https://accounts.google.com/v2' },
            },
          ],
        },
      }),
    );
    const error = (await clientFor([upstream.url])
      .resolveProjectId(ACCESS_TOKEN)
      .catch((caught: unknown) => caught)) as ProjectResolutionError;
    expect(error).toBeInstanceOf(ProjectResolutionError);
    expect(error.failure?.class).toBe('validation_required');
    expect(error.validationUrl).toBe('https://accounts.google.com/v2');
  });

  it('lets network errors through as UpstreamNetworkError', async () => {
    const closed = await findClosedPortUrl();
    await expect(clientFor([closed]).resolveProjectId(ACCESS_TOKEN)).rejects.toBeInstanceOf(UpstreamNetworkError);
  });
});

describe('CodeAssistClient.fetchAvailableModels', () => {
  it('posts {project} and returns the models', async () => {
    const upstream = await startUpstream(
      reply(200, {
        models: { 'gemini-2.5-pro': { displayName: 'Gemini 2.5 Pro', quotaInfo: { remainingFraction: 0.8, resetTime: '2026-01-01T00:00:00Z' } } },
        deprecatedModelIds: { 'gemini-old': { newModelId: 'gemini-2.5-pro' } },
      }),
    );
    const models = await clientFor([upstream.url]).fetchAvailableModels(ACCESS_TOKEN, 'proj-1');
    expect(models.models?.['gemini-2.5-pro']?.quotaInfo?.remainingFraction).toBe(0.8);
    expect(models.deprecatedModelIds?.['gemini-old']?.newModelId).toBe('gemini-2.5-pro');
    expect(upstream.requests[0]?.url).toBe('/v1internal:fetchAvailableModels');
    expect(JSON.parse(upstream.requests[0]?.body ?? '')).toEqual({ project: 'proj-1' });
  });

  it('throws UpstreamHttpError with the classified failure', async () => {
    const upstream = await startUpstream(reply(403, { error: { code: 403, message: 'The caller does not have permission' } }));
    const error = (await clientFor([upstream.url])
      .fetchAvailableModels(ACCESS_TOKEN, 'proj-1')
      .catch((caught: unknown) => caught)) as UpstreamHttpError;
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error.failure).toMatchObject({ class: 'forbidden', status: 403 });
  });
});

it('refuses an empty base list', () => {
  expect(() => createCodeAssistClient({ baseUrls: [' '] })).toThrow(/at least one/);
});
