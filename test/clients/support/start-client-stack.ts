import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGoogleSimulator, type GoogleSimulator } from '../../../src/simulator/index.js';
import { makeDataDir, runAgt, startAgtServer, type ServerProcess } from '../../support/e2e-helpers.js';

/** One request a client sent to agt, as the recording pass-through between them saw it. */
export interface ClientExchange {
  method: string;
  path: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: string;
  status: number;
  /** The first 4 KB of the answer, for failure messages. */
  responseStart: string;
}

export interface ClientStack {
  /** agt as the client sees it (the recording pass-through): `http://127.0.0.1:PORT`. */
  agtUrl: string;
  apiKey: string;
  simulator: GoogleSimulator;
  agt: ServerProcess;
  /** Every request the clients sent, oldest first. */
  exchanges: ClientExchange[];
  /** Every connection a client tried to open anywhere but agt (through the proxy variables): refused, kept here. */
  escapes: string[];
  /** Proxy variables that send a client's outside traffic to the tripwire and let 127.0.0.1 through. */
  proxyEnv: Record<string, string>;
  /** A fresh HOME and working directory (with `notes.txt`) for one client run. */
  makeWorkspace(name: string): Promise<ClientWorkspace>;
  close(): Promise<void>;
}

export interface ClientWorkspace {
  home: string;
  cwd: string;
  /** Absolute path of `notes.txt` in `cwd`, whose content is NOTES_TEXT. */
  notesPath: string;
}

/** What `notes.txt` holds: the tool round trip succeeds when this reaches the final answer. */
export const NOTES_TEXT = 'agt client suite: the quick brown fox reads the notes';

const API_KEY = 'sk-agt-client-suite-0123456789';

/**
 * Everything a real client needs, all real and local: the simulated Google (tool calls only on request, so the
 * clients' background requests get text), a real `agt serve` child process with one account added through the CLI,
 * a recording pass-through between the clients and agt (so a test sees every status a client got, also the ones it
 * recovered from), and a tripwire proxy that refuses and records any connection to anywhere else.
 */
export async function startClientStack(): Promise<ClientStack> {
  const root = await mkdtemp(join(tmpdir(), 'agt-clients-'));
  const simulator = await startGoogleSimulator({ toolCalls: 'on-request' });
  // AGT_CLIENTS_KEEP=1 keeps the clients' homes and working directories (their logs) for a look after a failure.
  const keep = process.env.AGT_CLIENTS_KEEP === '1';
  const cleanups: Array<() => Promise<unknown>> = [() => simulator.close(), () => (keep ? Promise.resolve() : rm(root, { recursive: true, force: true }))];
  try {
    const dataDir = await makeDataDir('agt-clients-data-');
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { AGT_GOOGLE_BASE_URL: simulator.url, ABV_API_KEY: API_KEY, ABV_AUTH_MODE: 'strict' };
    const { refreshToken } = simulator.state.createAccount({ email: 'clients@example.com', name: 'Client Suite' });
    const added = await runAgt(['--data-dir', dataDir, 'accounts', 'add', '--refresh-token', refreshToken], env);
    if (added.code !== 0) throw new Error(`agt accounts add failed: ${added.stderr}`);
    const agt = await startAgtServer(dataDir, env);
    cleanups.unshift(() => agt.stop());
    const recorder = await startRecordingPassThrough(agt.baseUrl);
    cleanups.unshift(() => closeServer(recorder.server));
    const tripwire = await startTripwire();
    cleanups.unshift(() => closeServer(tripwire.server));
    const proxy = `http://127.0.0.1:${(tripwire.server.address() as AddressInfo).port}`;
    return {
      agtUrl: recorder.url,
      apiKey: API_KEY,
      simulator,
      agt,
      exchanges: recorder.exchanges,
      escapes: tripwire.hits,
      proxyEnv: {
        HTTP_PROXY: proxy,
        HTTPS_PROXY: proxy,
        ALL_PROXY: proxy,
        http_proxy: proxy,
        https_proxy: proxy,
        all_proxy: proxy,
        NO_PROXY: '127.0.0.1,localhost',
        no_proxy: '127.0.0.1,localhost',
      },
      async makeWorkspace(name) {
        const home = join(root, name, 'home');
        const cwd = join(root, name, 'project');
        await mkdir(home, { recursive: true });
        await mkdir(cwd, { recursive: true });
        const notesPath = join(cwd, 'notes.txt');
        await writeFile(notesPath, `${NOTES_TEXT}\n`);
        return { home, cwd, notesPath };
      },
      async close() {
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}

/** A transparent pass-through to `target` that streams both ways and remembers each exchange. */
async function startRecordingPassThrough(target: string): Promise<{ url: string; server: Server; exchanges: ClientExchange[] }> {
  const exchanges: ClientExchange[] = [];
  const server = createServer((request, response) => {
    // A client that gives up mid-answer resets its socket; that is its business, not a test failure.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      const body = Buffer.concat(pieces);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(name) || value === undefined) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = request.method ?? 'GET';
      const exchange: ClientExchange = {
        method,
        path: request.url ?? '/',
        requestHeaders: request.headers,
        requestBody: body.toString('utf8'),
        status: 0,
        responseStart: '',
      };
      exchanges.push(exchange);
      fetch(`${target}${exchange.path}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body })
        .then(async (upstream) => {
          exchange.status = upstream.status;
          const forwarded: Record<string, string> = {};
          upstream.headers.forEach((value, name) => {
            if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) forwarded[name] = value;
          });
          response.writeHead(upstream.status, forwarded);
          if (upstream.body === null) return response.end();
          for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
            if (exchange.responseStart.length < 4096) exchange.responseStart += Buffer.from(chunk).toString('utf8').slice(0, 4096);
            if (!response.write(chunk)) await once(response, 'drain');
          }
          response.end();
        })
        .catch((error: unknown) => {
          exchange.responseStart += `\n[pass-through: ${(error as Error).message}]`;
          if (exchange.status === 0) exchange.status = 502;
          response.destroy();
        });
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, exchanges };
}

/** An HTTP proxy that refuses everything: a client that tries to reach the internet is caught here. */
async function startTripwire(): Promise<{ server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(403).end('agt client suite: outside traffic is refused');
  });
  server.on('connect', (request, socket: Socket) => {
    socket.on('error', () => undefined);
    hits.push(`CONNECT ${request.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, hits };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((done) => server.close(() => done(undefined)));
}
