import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../recording-server.test-helper.js';
import { dispatchUpstreamRequest, type UpstreamRequestOptions } from './dispatch-upstream-request.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let dispatcher: Agent;
const servers: Server[] = [];

beforeAll(() => {
  dispatcher = new Agent({ connections: 8, keepAliveTimeout: 10_000 });
});
afterAll(async () => {
  await dispatcher.close();
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function startServer(handler: Handler): Promise<{ origin: string; closedSockets: () => number }> {
  let closed = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => socket.on('close', () => (closed += 1)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closedSockets: () => closed };
}

function options(origin: string, extra: Partial<UpstreamRequestOptions> = {}): UpstreamRequestOptions {
  return { origin, path: '/v1internal:x?alt=sse', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}', headersTimeout: 5_000, bodyTimeout: 5_000, ...extra };
}

describe('dispatchUpstreamRequest', () => {
  it('sends the method, path, headers and body; answers the status, lower-case headers and the body in order', async () => {
    let seen: { method?: string; url?: string; type?: string; body?: string } = {};
    const { origin } = await startServer((request, response, body) => {
      seen = { method: request.method, url: request.url, type: request.headers['content-type'], body };
      response.writeHead(201, { 'X-Answer': 'yes' });
      response.write('data: 1\n\n');
      setTimeout(() => response.end('data: 2\n\n'), 20);
    });
    const head = await dispatchUpstreamRequest(dispatcher, options(origin));
    expect(head.statusCode).toBe(201);
    expect(head.headers['x-answer']).toBe('yes');
    const chunks: string[] = [];
    for await (const chunk of head.body) chunks.push(Buffer.from(chunk).toString('utf8'));
    expect(chunks.join('')).toBe('data: 1\n\ndata: 2\n\n');
    expect(seen).toEqual({ method: 'POST', url: '/v1internal:x?alt=sse', type: 'application/json', body: '{"a":1}' });
  });

  it('reads a body whole as text or JSON', async () => {
    const { origin } = await startServer((_request, response) => response.end(JSON.stringify({ ok: 'é' })));
    expect(await (await dispatchUpstreamRequest(dispatcher, options(origin))).body.text()).toBe('{"ok":"é"}');
    expect(await (await dispatchUpstreamRequest(dispatcher, options(origin))).body.json()).toEqual({ ok: 'é' });
  });

  it('a large body arrives whole through the pauses of its reader', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const { origin } = await startServer((_request, response) => response.end(big));
    const head = await dispatchUpstreamRequest(dispatcher, options(origin));
    let length = 0;
    for await (const chunk of head.body) {
      length += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(length).toBe(big.length);
  });

  it('rejects with the signal reason when aborted before the headers, and at once when already aborted', async () => {
    const { origin } = await startServer(() => undefined);
    const controller = new AbortController();
    const pending = dispatchUpstreamRequest(dispatcher, options(origin, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('client left')), 30);
    await expect(pending).rejects.toThrow('client left');
    await expect(dispatchUpstreamRequest(dispatcher, options(origin, { signal: AbortSignal.abort(new Error('gone')) }))).rejects.toThrow('gone');
  });

  it('an abort after the headers fails the next read with the reason', async () => {
    const { origin } = await startServer((_request, response) => response.write('data: 1\n\n'));
    const controller = new AbortController();
    const head = await dispatchUpstreamRequest(dispatcher, options(origin, { signal: controller.signal }));
    const iterator = head.body[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const next = iterator.next();
    controller.abort(new Error('deadline'));
    await expect(next).rejects.toThrow('deadline');
  });

  it('a connection cut in the middle of the body fails the read', async () => {
    const { origin } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const head = await dispatchUpstreamRequest(dispatcher, options(origin));
    await expect(head.body.text()).rejects.toThrow();
  });

  it('a reader that stops early closes the upstream connection', async () => {
    const server = await startServer((_request, response) => response.write('data: 1\n\n'));
    const head = await dispatchUpstreamRequest(dispatcher, options(server.origin));
    for await (const chunk of head.body) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    await waitFor(() => server.closedSockets() === 1, 5_000);
  });

  it('dump drops a small rest and keeps the connection', async () => {
    const server = await startServer((_request, response) => response.end('rest'));
    await (await dispatchUpstreamRequest(dispatcher, options(server.origin))).body.dump();
    expect(await (await dispatchUpstreamRequest(dispatcher, options(server.origin))).body.text()).toBe('rest');
    expect(server.closedSockets()).toBe(0);
  });

  it('a server that is not there rejects', async () => {
    const { origin } = await startServer(() => undefined);
    servers[0]?.close();
    servers.splice(0);
    await expect(dispatchUpstreamRequest(dispatcher, options(origin))).rejects.toThrow();
  });
});
