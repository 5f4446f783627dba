import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GatewayError, isGatewayError, toError } from './gateway-error.js';

const documented = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');

describe('the error catalogue', () => {
  it('documents every code with its status, and documents nothing else', () => {
    const rows = [...documented.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]);
    expect(Object.fromEntries(rows)).toEqual(ERROR_CODES);
  });

  it.each(Object.entries(ERROR_CODES))('%s carries status %d by default', (code, status) => {
    const error = new GatewayError(code as keyof typeof ERROR_CODES, 'message', { retryAfterSeconds: 3 });
    expect(error).toMatchObject({ code, status, message: 'message', retryAfterSeconds: 3, name: 'GatewayError' });
    expect(isGatewayError(error)).toBe(true);
  });

  it('keeps the cause and lets a status be overridden', () => {
    const cause = new Error('root');
    expect(new GatewayError('UPSTREAM_ERROR', 'x', { status: 503, cause })).toMatchObject({ status: 503, cause });
  });

  it('normalises anything thrown into an Error', () => {
    expect(toError('text').message).toBe('text');
    expect(toError({ a: 1 }).message).toBe('{"a":1}');
    const error = new Error('kept');
    expect(toError(error)).toBe(error);
  });
});
