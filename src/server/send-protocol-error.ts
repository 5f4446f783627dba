import type { FastifyReply } from 'fastify';
import { describeProtocolErrorForLog, type ProtocolError } from '../protocols/protocol-error.js';
import type { ProtocolAdapter } from './protocol-adapter.js';

/** Answers with `error` in the adapter's protocol: native body, the status its SDK maps, Retry-After. */
export function sendProtocolError(reply: FastifyReply, adapter: ProtocolAdapter, error: ProtocolError): FastifyReply {
  reply.request.agtError = describeProtocolErrorForLog(error);
  const formatted = adapter.formatError(error);
  reply.code(formatted.status);
  for (const [name, value] of Object.entries(formatted.headers)) reply.header(name, value);
  return reply.header('content-type', 'application/json; charset=utf-8').send(formatted.body);
}
