/**
 * Writing JSON replies and Google RPC errors (`{"error":{"code","message","status","details"?}}`).
 */
import type { ServerResponse } from 'node:http';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  412: 'FAILED_PRECONDITION',
  413: 'Request Entity Too Large',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export interface GoogleErrorReply {
  status: number;
  body: GoogleErrorBody;
  headers?: Record<string, string>;
}

export function buildGoogleError(code: number, message: string, details?: unknown[]): GoogleErrorReply {
  const error: GoogleErrorBody['error'] = { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' };
  if (details !== undefined && details.length > 0) error.details = details;
  return { status: code, body: { error } };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendGoogleReply(res: ServerResponse, reply: GoogleErrorReply): void {
  sendJson(res, reply.status, reply.body, reply.headers);
}

export function sendGoogleError(res: ServerResponse, code: number, message: string, details?: unknown[]): void {
  sendGoogleReply(res, buildGoogleError(code, message, details));
}
