/**
 * The direct baseline of a client body is the upstream call agt itself makes for it. To have it byte for byte, a
 * second agt (a copy of the bench's data directory, so the measured agt's state is untouched) runs once with its
 * Code Assist base pointed at a recording pass-through in this process, which forwards everything to the simulator
 * and keeps the `streamGenerateContent` bodies. Each fixture is sent once; the body agt sent upstream for it becomes
 * the direct request (with the direct account's project).
 */
import { cp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { request } from 'undici';
import { findFreePort, startChildProcess } from './start-child-process.mjs';

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A pass-through to `targetUrl` that records the body of every generate call. */
async function startRecordingProxy(targetUrl) {
  const recorded = [];
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readAll(incoming);
      if (incoming.url.includes(':streamGenerateContent') || incoming.url.includes(':generateContent')) recorded.push(body);
      const headers = {};
      for (const [name, value] of Object.entries(incoming.headers)) if (!HOP_HEADERS.has(name)) headers[name] = value;
      const answer = await request(`${targetUrl}${incoming.url}`, { method: incoming.method, headers, body: body.length > 0 ? body : undefined });
      const answerBody = await readAll(answer.body);
      const answerHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_HEADERS.has(name)) answerHeaders[name] = value;
      outgoing.writeHead(answer.statusCode, answerHeaders);
      outgoing.end(answerBody);
    })().catch((error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(String(error));
    });
  });
  const port = await findFreePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    recorded,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * @param {{ main: string, workDir: string, dataDir: string, simulatorUrl: string, fixtures: Array<{name: string, path: string, headers: object, body: string}>, directProjectId: string }} options
 * @returns {Promise<Map<string, string>>} fixture name → the JSON body of the direct request
 */
export async function captureUpstreamRequests({ main, workDir, dataDir, simulatorUrl, fixtures, directProjectId }) {
  const proxy = await startRecordingProxy(simulatorUrl);
  const captureDataDir = join(workDir, 'capture-data');
  // The running agt takes and drops per-file locks (`*.lock`) while this copies: they are not data, and one may be gone
  // between the listing and the copy.
  await cp(dataDir, captureDataDir, { recursive: true, filter: (source) => !source.endsWith('.lock') });
  const port = await findFreePort();
  const agtUrl = `http://127.0.0.1:${port}`;
  const agt = await startChildProcess({
    name: 'agt (capture)',
    args: [main, '--data-dir', captureDataDir, 'serve', '--port', String(port)],
    env: { AGT_GOOGLE_BASE_URL: simulatorUrl, AGT_CODE_ASSIST_URLS: proxy.url, ABV_AUTH_MODE: 'off' },
    logPath: join(workDir, 'agt-capture.log'),
    readyUrl: `${agtUrl}/healthz`,
  });
  const directBodies = new Map();
  try {
    for (const fixture of fixtures) {
      const before = proxy.recorded.length;
      const response = await request(`${agtUrl}${fixture.path}`, {
        method: 'POST',
        headers: fixture.headers,
        body: fixture.body,
        headersTimeout: 300_000,
        bodyTimeout: 300_000,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`capture of ${fixture.name}: agt answered HTTP ${response.statusCode}: ${text.slice(0, 500)}`);
      const sent = proxy.recorded.slice(before);
      if (sent.length !== 1) {
        const shown = sent.map((body) => body.toString('utf8').slice(0, 400)).join('\n---\n');
        throw new Error(`capture of ${fixture.name}: agt made ${sent.length} generate calls upstream, expected 1:\n${shown}`);
      }
      const envelope = JSON.parse(sent[0].toString('utf8'));
      envelope.project = directProjectId;
      directBodies.set(fixture.name, JSON.stringify(envelope));
    }
  } finally {
    await agt.stop();
    await proxy.close();
  }
  return directBodies;
}
