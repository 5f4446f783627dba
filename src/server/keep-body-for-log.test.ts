import { describe, expect, it } from 'vitest';
import { capRedactedText } from '../observability/sanitize-request-log-entry.js';
import { keepBodyForLog, LOG_BODY_PREFIX_CHARS } from './keep-body-for-log.js';

describe('keepBodyForLog', () => {
  it('keeps a short body whole', () => {
    expect(keepBodyForLog('{"a":1}')).toEqual({ text: '{"a":1}' });
  });

  it('keeps the beginning of a long body and its full size, so the log marks the right truncation', () => {
    const body = `{"text":"${'日'.repeat(1_000_000)}"}`;
    const kept = keepBodyForLog(body);
    expect(kept.text.length).toBe(LOG_BODY_PREFIX_CHARS);
    expect(body.startsWith(kept.text)).toBe(true);
    expect(kept.bytes).toBe(Buffer.byteLength(body));
    const logged = capRedactedText(kept.text, 1024, kept.bytes);
    const shown = logged.slice(0, logged.indexOf('…'));
    expect(logged).toBe(`${shown}…[truncated ${Buffer.byteLength(body) - Buffer.byteLength(shown)} bytes]`);
    expect(capRedactedText(body, 1024)).toBe(logged);
  });
});
