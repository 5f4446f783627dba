/**
 * Small helpers for the simulator's own tests: the per-file simulator hooks, and fetch helpers to sign an account
 * in, wrap a Gemini request in the Antigravity envelope and read an SSE answer. Imported by tests only.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { GeminiRequest, GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { parseSseStream } from '../shared/sse.js';
import { startGoogleSimulator, type GoogleSimulator } from './start-google-simulator.js';
import { DEFAULT_SIM_CLIENT_ID, DEFAULT_SIM_CLIENT_SECRET, type CreateAccountInput } from './simulator-state.js';

/**
 * Registers the hooks each simulator test file shares: one simulator for the whole file (handed to `onStarted`),
 * its state reset before every test, and closed after the last one. Call it at the top of the file, before the
 * file's own `beforeEach` hooks, which then run after the reset.
 */
export function startSimulatorForTestFile(onStarted: (simulator: GoogleSimulator) => void): void {
  let simulator: GoogleSimulator;
  beforeAll(async () => {
    simulator = await startGoogleSimulator();
    onStarted(simulator);
  });
  afterAll(async () => {
    await simulator.close();
  });
  beforeEach(() => simulator.state.reset());
}

export interface SignedInAccount {
  email: string;
  refreshToken: string;
  accessToken: string;
  projectId: string;
}

export function postJson(url: string, body: unknown, accessToken?: string, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
}

export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export function refreshAccessToken(simulator: GoogleSimulator, refreshToken: string): Promise<Response> {
  return postForm(`${simulator.url}/token`, {
    client_id: DEFAULT_SIM_CLIENT_ID,
    client_secret: DEFAULT_SIM_CLIENT_SECRET,
    refresh_token: refreshToken,
    grant_type: 'refresh_token',
  });
}

export async function signInAccount(simulator: GoogleSimulator, input: CreateAccountInput): Promise<SignedInAccount> {
  const created = simulator.state.createAccount(input);
  const response = await refreshAccessToken(simulator, created.refreshToken);
  if (response.status !== 200) throw new Error(`refresh failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string };
  return { ...created, accessToken: body.access_token };
}

export function buildEnvelope(project: string, request: Partial<GeminiRequest>, model = 'gemini-3-flash'): unknown {
  return {
    project,
    requestId: 'agent-test',
    request: { contents: [{ role: 'user', parts: [{ text: 'hello there' }] }], ...request },
    model,
    userAgent: 'antigravity',
    requestType: 'agent',
  };
}

export function userText(text: string): Partial<GeminiRequest> {
  return { contents: [{ role: 'user', parts: [{ text }] }] };
}

export async function readSseChunks(response: Response): Promise<GeminiResponse[]> {
  if (response.body === null) return [];
  const chunks: GeminiResponse[] = [];
  for await (const event of parseSseStream(response.body as unknown as AsyncIterable<Uint8Array>)) {
    chunks.push((JSON.parse(event.data) as { response: GeminiResponse }).response);
  }
  return chunks;
}

/** Polls until `check` returns true or the deadline passes (no fixed sleeps in tests). */
export async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
