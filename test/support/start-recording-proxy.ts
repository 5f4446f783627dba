import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

/** One generate request agt sent upstream, as the recording proxy saw it. */
export interface UpstreamCall {
  path: string;
  /** The request headers as agt sent them (lower-case names). */
  headers: Record<string, string>;
  body: {
    model?: string;
    request?: {
      contents?: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
      tools?: Array<Record<string, unknown>>;
      systemInstruction?: { parts: Array<{ text?: string }> };
      generationConfig?: Record<string, unknown>;
      safetySettings?: Array<{ category: string; threshold: string }>;
    };
  };
}

export interface RecordingProxy {
  url: string;
  /** Every `generateContent` / `streamGenerateContent` body, oldest first. */
  calls: UpstreamCall[];
  server: Server;
}

/** A transparent HTTP pass-through to `target` (the simulator) that remembers every generate request body. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const calls: UpstreamCall[] = [];
  const server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      const body = Buffer.concat(pieces);
      const path = request.url ?? '/';
      if (/generatecontent/i.test(path)) {
        const sent: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') sent[name] = value;
        calls.push({ path, headers: sent, body: JSON.parse(body.toString('utf8')) as UpstreamCall['body'] });
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers.set(name, value);
      }
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      fetch(`${target}${path}`, { method: request.method, headers, body: hasBody ? body : undefined })
        .then((upstream) => {
          const forwarded: Record<string, string> = {};
          upstream.headers.forEach((value, name) => {
            if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) forwarded[name] = value;
          });
          response.writeHead(upstream.status, forwarded);
          if (upstream.body === null) response.end();
          // A stream the simulator cuts must reach agt as a cut too.
          else Readable.fromWeb(upstream.body as NodeReadableStream<Uint8Array>).on('error', () => response.destroy()).pipe(response);
        })
        .catch(() => response.destroy());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

export interface GatewayBehindRecordingProxy {
  simulator: GoogleSimulator;
  proxy: RecordingProxy;
  agt: TestGateway;
  /** Closes agt, the proxy and the simulator, in that order. */
  close(): Promise<void>;
}

/** A fresh simulator, a recording proxy in front of it, and a test gateway whose Google base URL is the proxy. */
export async function startTestGatewayBehindRecordingProxy(options: { accounts?: number } = {}): Promise<GatewayBehindRecordingProxy> {
  const simulator = await startGoogleSimulator();
  let proxy: RecordingProxy | undefined;
  try {
    proxy = await startRecordingProxy(simulator.url);
    const agt = await startTestGateway({ simulator, accounts: options.accounts, env: { AGT_GOOGLE_BASE_URL: proxy.url } });
    const started = proxy;
    return {
      simulator,
      proxy: started,
      agt,
      async close() {
        await agt.close();
        started.server.close();
        await simulator.close();
      },
    };
  } catch (error) {
    proxy?.server.close();
    await simulator.close();
    throw error;
  }
}
