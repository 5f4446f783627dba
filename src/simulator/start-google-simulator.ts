/**
 * Starts the simulated Google on a real port (node:http, no framework, so it stays cheap for benchmarks).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../shared/clock.js';
import { routeSimulatorRequest } from './route-simulator-request.js';
import { sendGoogleError } from './send-google-error.js';
import type { ToolCallMode } from './simulator-state.js';
import { SimulatorState, type ClientVersionRefusal } from './simulator-state.js';

export interface SimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The OAuth client the simulator knows (default: agt's default client id). */
  clientId?: string;
  /** The client_secret the token endpoint requires (default: the Antigravity desktop client's); null: not checked. */
  clientSecret?: string | null;
  /** Generate requests from an Antigravity client below this version are refused (default 2.9.0). */
  minClientVersion?: string;
  /** How: `503` (default), `404`, or `completion` (a 200 whose answer is the refusal sentence). */
  clientVersionRefusal?: ClientVersionRefusal;
  /** Lifetime of issued access tokens (default 3599). */
  accessTokenTtlSeconds?: number;
  /** Delay between stream chunks (default 0). */
  chunkDelayMs?: number;
  /** When the simulated model calls tools on its own (default `first-offered`; see SimulatorSettings). */
  toolCalls?: ToolCallMode;
  /** Time source for token expiry and reset times (default: the system clock). */
  clock?: Clock;
}

export interface GoogleSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  state: SimulatorState;
  close(): Promise<void>;
}

export async function startGoogleSimulator(options: SimulatorOptions = {}): Promise<GoogleSimulator> {
  const state = new SimulatorState(options);
  const server = createServer((request, response) => {
    routeSimulatorRequest(state, request, response).catch((error: unknown) => {
      if (response.destroyed) return;
      if (response.headersSent) response.destroy();
      else sendGoogleError(response, 500, `Simulator failure: ${(error as Error).message ?? String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${formatHost(host)}:${port}`,
    port,
    state,
    close: () => closeServer(server),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Closes the server, cutting open connections (hanging requests and idle keep-alive sockets included). */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
