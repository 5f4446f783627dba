import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';
import { Agent, getGlobalDispatcher, ProxyAgent, request } from './undici-parts.js';

describe('undici parts', () => {
  it('are the classes and functions undici itself exports', () => {
    expect(Agent).toBe(undici.Agent);
    expect(ProxyAgent).toBe(undici.ProxyAgent);
    expect(getGlobalDispatcher).toBe(undici.getGlobalDispatcher);
  });

  it('request sends method, path with query, headers and body through the given dispatcher, and reads the answer', async () => {
    const seen: Array<{ method?: string; url?: string; header?: string; body: string }> = [];
    const server = createServer((incoming, outgoing) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => {
        seen.push({ method: incoming.method, url: incoming.url, header: incoming.headers['x-test'] as string | undefined, body });
        outgoing.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dispatcher = new Agent();
    try {
      const { port } = server.address() as AddressInfo;
      const response = await request(`http://127.0.0.1:${port}/a/b?x=1&y=2`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'form=1', dispatcher });
      expect(response.statusCode).toBe(201);
      expect(await response.body.json()).toEqual({ ok: true });
      expect(seen).toEqual([{ method: 'POST', url: '/a/b?x=1&y=2', header: 'yes', body: 'form=1' }]);
    } finally {
      await dispatcher.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
