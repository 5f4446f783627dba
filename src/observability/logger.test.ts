import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function captureStream(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((line) => line !== '') };
}

describe('createLogger', () => {
  it('writes JSON lines at info by default', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ destination: stream });
    logger.debug('hidden');
    logger.info({ port: 8045 }, 'listening');
    expect(lines()).toHaveLength(1);
    const record = JSON.parse(lines()[0]) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 30, msg: 'listening', port: 8045 });
    expect(typeof record.time).toBe('string');
  });

  it('censors token fields one level down and credential headers', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ destination: stream });
    logger.info({ token: { refresh_token: 'sim-rt-nested-1', access_token: 'opaque-access', expiry: 5 } }, 'saved');
    logger.info({ headers: { authorization: 'Basic abc', 'x-api-key': 'opaque-key', 'x-goog-api-key': 'AIzaX', accept: 'json' } }, 'in');
    logger.info({ refresh_token: 'opaque-top', password: 'hunter2' }, 'top');
    const text = lines().join('\n');
    for (const secret of ['sim-rt-nested-1', 'opaque-access', 'Basic abc', 'opaque-key', 'AIzaX', 'opaque-top', 'hunter2']) {
      expect(text).not.toContain(secret);
    }
    const [saved, headers] = lines().map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    expect(saved.token).toEqual({ refresh_token: '***', access_token: '***', expiry: 5 });
    expect(headers.headers).toEqual({ authorization: '***', 'x-api-key': '***', 'x-goog-api-key': '***', accept: 'json' });
  });

  it('scrubs tokens quoted inside error messages, error strings, messages and other strings', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ destination: stream });
    const refreshToken = '1//0gSimulatedRefreshToken';
    logger.error({ err: new Error(`refresh failed for ${refreshToken}`) }, 'token refresh failed');
    logger.warn({ error: `upstream echoed Bearer ya29.fake-access-token` }, 'upstream error');
    logger.warn(`Token refresh failed (al***@ex***): invalid_grant for sim-rt-abc123, trying next account`);
    logger.error(new Error('boom with sim-at-xyz789'));
    logger.info({ detail: 'body was {"refresh_token":"opaque-value"}' }, 'detail');
    const text = lines().join('\n');
    for (const secret of [refreshToken, 'ya29.fake', 'sim-rt-abc123', 'sim-at-xyz789', 'opaque-value']) {
      expect(text).not.toContain(secret);
    }
    const first = JSON.parse(lines()[0]) as { err: { message: string; stack: string; type: string } };
    expect(first.err.message).toBe('refresh failed for ***');
    expect(first.err.type).toBe('Error');
    expect(first.err.stack).toContain('refresh failed for ***');
    expect((JSON.parse(lines()[1]) as { error: string }).error).toBe('upstream echoed Bearer ***');
    expect((JSON.parse(lines()[2]) as { msg: string }).msg).toBe(
      'Token refresh failed (al***@ex***): invalid_grant for ***, trying next account',
    );
    expect((JSON.parse(lines()[3]) as { msg: string }).msg).toBe('boom with ***');
  });

  it('does not modify the caller’s objects', () => {
    const { stream } = captureStream();
    const logger = createLogger({ destination: stream });
    const fields = { note: 'sim-rt-keep-me', token: { refresh_token: 'sim-rt-keep-me-too' } };
    logger.info(fields, 'x');
    expect(fields).toEqual({ note: 'sim-rt-keep-me', token: { refresh_token: 'sim-rt-keep-me-too' } });
  });

  it('prints compact human lines when pretty', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ destination: stream, pretty: true, level: 'debug' });
    logger.debug({ account: 'al***@ex***', attempt: 2, reason: 'rate limited' }, 'rotating');
    logger.warn({ token: { refresh_token: 'sim-rt-pretty' } }, 'stored');
    expect(lines()[0]).toMatch(/^\d\d:\d\d:\d\d DEBUG rotating account=al\*\*\*@ex\*\*\* attempt=2 reason="rate limited"$/);
    expect(lines()[1]).toMatch(/^\d\d:\d\d:\d\d WARN {2}stored token=\{"refresh_token":"\*\*\*"\}$/);
  });

  it('appends to a file path, creating its folder', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agt-logger-'));
    try {
      const filePath = path.join(directory, 'logs', 'agt.log');
      const logger = createLogger({ destination: filePath });
      logger.info({ refresh_token: 'sim-rt-file' }, 'to file');
      logger.flush();
      const deadline = Date.now() + 5000;
      while (!(fs.existsSync(filePath) && fs.readFileSync(filePath, 'utf8').includes('to file'))) {
        if (Date.now() > deadline) throw new Error('log line never reached the file');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const text = fs.readFileSync(filePath, 'utf8');
      expect(text).not.toContain('sim-rt-file');
      expect(JSON.parse(text.trim())).toMatchObject({ msg: 'to file', refresh_token: '***' });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
