import type { FastifyRequest } from 'fastify';
import { extractApiKey } from './check-api-key.js';

/**
 * A key as the statistics show it: enough to tell clients apart, never enough to use it — the first three and the
 * last four characters of a long key (`sk-…9f2c`), the last two of a short one, nothing of a very short one.
 */
export function formatClientKeyLabel(key: string | undefined): string | null {
  const trimmed = key?.trim();
  if (!trimmed) return null;
  if (trimmed.length >= 16) return `${trimmed.slice(0, 3)}…${trimmed.slice(-4)}`;
  if (trimmed.length >= 8) return `…${trimmed.slice(-2)}`;
  return '…';
}

/** The masked key the client sent (whichever header the auth check reads), for the request log's `username`. */
export function readClientKeyLabel(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return formatClientKeyLabel(
    extractApiKey({
      authorization: header('authorization'),
      xApiKey: header('x-api-key'),
      xGoogApiKey: header('x-goog-api-key'),
      queryKey: typeof query?.key === 'string' ? query.key : undefined,
    }),
  );
}
