/**
 * One server of `measure-fastify-overhead.mjs`, in its own process: `node fastify-overhead-server.mjs KIND PORT`.
 * Every kind answers `POST /v1/chat/completions` with the same small JSON after reading and parsing the body, one
 * event-loop turn later (as agt answers after its upstream call); what differs is the HTTP layer around it:
 *
 * - `raw`: node:http alone, with a body read deadline and a close listener as the front door has;
 * - `fastify-async`: Fastify with agt's front-door hook shapes before ed96022 (async onRequest, preParsing that pipes
 *   the body through a Transform, async onResponse);
 * - `fastify-callback`: the shapes since (callback-style hooks, the body read from the request itself with a timer).
 *
 * It measures what the frameworks cost, not agt's guards: the hooks here do the bookkeeping, not the checks.
 */
import http from 'node:http';
import { Transform } from 'node:stream';
import Fastify from 'fastify';

const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const ANSWER = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Echo: hello' }, finish_reason: 'stop' }] });
const BODY_DEADLINE_MS = 60_000;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

if (kind === 'raw') {
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404).end();
      return;
    }
    const deadline = setTimeout(() => request.destroy(), BODY_DEADLINE_MS);
    deadline.unref();
    response.once('close', () => clearTimeout(deadline));
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      clearTimeout(deadline);
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      await nextTurn();
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(ANSWER), 'x-request-id': 'req_1' });
      response.end(ANSWER);
    });
  });
  server.listen(port, '127.0.0.1');
} else if (kind === 'fastify-async' || kind === 'fastify-callback') {
  const app = Fastify({ logger: false, forceCloseConnections: true, return503OnClosing: false });
  if (kind === 'fastify-async') {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
      reply.raw.once('close', () => undefined);
    });
    app.addHook('preParsing', async (_request, reply, payload) => {
      const deadline = setTimeout(() => counter.destroy(new Error('late')), BODY_DEADLINE_MS);
      deadline.unref();
      const counter = new Transform({
        transform: (chunk, _encoding, callback) => callback(null, chunk),
        flush: (callback) => {
          clearTimeout(deadline);
          callback();
        },
      });
      counter.once('close', () => clearTimeout(deadline));
      reply.raw.once('close', () => clearTimeout(deadline));
      payload.on('error', (error) => counter.destroy(error));
      return payload.pipe(counter);
    });
    app.addHook('onResponse', async () => undefined);
  } else {
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      reply.raw.once('close', () => undefined);
      done();
    });
    app.addHook('preParsing', (_request, reply, payload, done) => {
      const deadline = setTimeout(() => payload.emit('error', new Error('late')), BODY_DEADLINE_MS);
      deadline.unref();
      const stop = () => clearTimeout(deadline);
      payload.once('end', stop);
      reply.raw.once('close', stop);
      done(null, payload);
    });
    app.addHook('onResponse', (_request, _reply, done) => done());
  }
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (_request, body, done) => done(null, JSON.parse(body.toString('utf8'))));
  app.post('/v1/chat/completions', async (_request, reply) => {
    await nextTurn();
    return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(ANSWER);
  });
  await app.listen({ port, host: '127.0.0.1' });
} else {
  console.error(`unknown kind ${kind}`);
  process.exit(2);
}
