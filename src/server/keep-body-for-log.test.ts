import { describe, expect, it } from 'vitest';
import { capRedactedText, capRedactedUtf8 } from '../observability/sanitize-request-log-entry.js';
import { keepBodyForLog, LOG_BODY_PREFIX_BYTES } from './keep-body-for-log.js';

describe('keepBodyForLog', () => {
  it('keeps a short body whole, without copying it', () => {
    const body = Buffer.from('{"a":1}');
    expect(keepBodyForLog(body).bytes).toBe(body);
    expect(keepBodyForLog(body).size).toBeUndefined();
  });

  it('keeps a copy of the beginning of a long body and its full size, so the log marks the right truncation', () => {
    const text = `{"text":"${'日'.repeat(1_000_000)}"}`;
    const body = Buffer.from(text);
    const kept = keepBodyForLog(body);
    expect(kept.bytes.length).toBe(LOG_BODY_PREFIX_BYTES);
    expect(kept.bytes.buffer).not.toBe(body.buffer);
    expect(body.subarray(0, LOG_BODY_PREFIX_BYTES).equals(kept.bytes)).toBe(true);
    expect(kept.size).toBe(body.length);
    const logged = capRedactedUtf8(kept.bytes, 1024, kept.size).toString('utf8');
    const shown = logged.slice(0, logged.indexOf('…'));
    expect(logged).toBe(`${shown}…[truncated ${body.length - Buffer.byteLength(shown)} bytes]`);
    expect(capRedactedText(text, 1024)).toBe(logged);
    expect(capRedactedUtf8(body, 1024).toString('utf8')).toBe(logged);
  });
});
