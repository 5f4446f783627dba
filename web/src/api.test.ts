import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  addAccountByRefreshToken,
  deleteAccount,
  listAccounts,
  listLogs,
  login,
  logout,
  refreshAccountQuota,
  setUnauthorizedHandler,
  toggleAccountProxy,
  updateSettings,
} from './api';

interface SeenRequest {
  method: string;
  url: string;
  body: string;
  contentType: string | undefined;
}

let server: Server;
let seen: SeenRequest[] = [];
const realFetch = globalThis.fetch;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', body, contentType: request.headers['content-type'] });
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.url === '/api/login') return send(401, { error: 'wrong password', code: 'UNAUTHORIZED' });
      if (request.url === '/api/accounts' && request.method === 'GET') return send(401, { error: 'unauthorized', code: 'UNAUTHORIZED' });
      if (request.url === '/api/accounts') return send(400, { error: 'Google rejected the token', code: 'INVALID_GRANT' });
      if (request.url?.startsWith('/api/accounts/')) {
        if (request.method === 'DELETE') {
          response.writeHead(502);
          return response.end('not json');
        }
        return send(200, { account: { id: 'x' } });
      }
      if (request.url?.startsWith('/api/logs')) return send(200, { total: 3 });
      if (request.url === '/api/settings') return send(200, { restart_required: true });
      return send(404, { error: 'no route' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The dashboard calls same-origin paths; in Node they are resolved against the test server.
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    realFetch(typeof input === 'string' ? new URL(input, base) : input, init);
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  setUnauthorizedHandler(undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
});

describe('admin API client', () => {
  it('reports a wrong password as a 401 without treating it as an expired session', async () => {
    let expired = 0;
    setUnauthorizedHandler(() => (expired += 1));
    const failure = await login('nope').catch((cause: unknown) => cause);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect((failure as ApiError).message).toBe('wrong password');
    expect(expired).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/login', body: '{"password":"nope"}', contentType: 'application/json' });
  });

  it('calls the unauthorized handler when any other call answers 401', async () => {
    let expired = 0;
    setUnauthorizedHandler(() => (expired += 1));
    await expect(listAccounts()).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(expired).toBe(1);
  });

  it('keeps the server message and code of a failed add', async () => {
    await expect(addAccountByRefreshToken('sim-rt-1')).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_GRANT',
      message: 'Google rejected the token',
    });
    expect(seen[0]?.body).toBe('{"refreshToken":"sim-rt-1"}');
  });

  it('describes a non-JSON failure by its status', async () => {
    await expect(deleteAccount('a/b')).rejects.toMatchObject({ status: 502, code: undefined });
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/api/accounts/a%2Fb' });
  });

  it('sends a disable reason only when one was given', async () => {
    await toggleAccountProxy('id1', false, 'kept for me');
    await toggleAccountProxy('id1', true, '');
    expect(seen.map((request) => request.body)).toEqual(['{"enable":false,"reason":"kept for me"}', '{"enable":true}']);
    expect(seen[0]?.url).toBe('/api/accounts/id1/toggle-proxy');
  });

  it('fills in missing list fields and sends filters as query parameters', async () => {
    const page = await listLogs({ limit: 50, offset: 0, errorsOnly: true, model: 'm' });
    expect(page).toEqual({ total: 3, items: [] });
    expect(seen[0]?.url).toBe('/api/logs?limit=50&offset=0&model=m&errors_only=1');
  });

  it('sends every state change as JSON (the CSRF guard refuses form-style requests), GETs without a body', async () => {
    await logout().catch(() => undefined);
    await refreshAccountQuota('id1');
    await deleteAccount('id2').catch(() => undefined);
    await listLogs({});
    expect(seen.map((request) => [request.method, request.contentType, request.body])).toEqual([
      ['POST', 'application/json', '{}'],
      ['POST', 'application/json', '{}'],
      ['DELETE', 'application/json', '{}'],
      ['GET', undefined, ''],
    ]);
  });

  it('PUTs only the given settings', async () => {
    const answer = await updateSettings({ custom_mapping: { a: 'b' } });
    expect(answer.restart_required).toBe(true);
    expect(seen[0]).toMatchObject({ method: 'PUT', body: '{"custom_mapping":{"a":"b"}}' });
  });
});
