import { describe, expect, it } from 'vitest';
import { scanStartAfterCleanPrefix } from '../shared/redact.js';
import { RecentCleanBodies } from './recent-clean-bodies.js';
import { capRedactedBody, capRedactedText, redactLogUrl } from './sanitize-request-log-entry.js';

describe('capRedactedText', () => {
  it('returns short text unchanged apart from redaction', () => {
    expect(capRedactedText('hello', 10)).toBe('hello');
    expect(capRedactedText('token sim-rt-abc', 100)).toBe('token ***');
  });

  it('cuts at a character boundary and counts the omitted bytes of the original', () => {
    const text = '€'.repeat(10); // 30 bytes
    expect(capRedactedText(text, 10)).toBe('€€€…[truncated 21 bytes]');
  });

  it('redacts a secret that sits before the cap in a body much larger than the cap', () => {
    const text = `{"refresh_token":"1//0abcdefghijk"}${'x'.repeat(100_000)}`;
    const capped = capRedactedText(text, 40);
    expect(capped).not.toContain('1//0abcdefghijk');
    expect(capped).toMatch(/…\[truncated \d+ bytes\]$/);
  });
});

describe('redactLogUrl', () => {
  it('hides credential query parameters and keeps the others', () => {
    expect(redactLogUrl('/v1beta/models/m:streamGenerateContent?alt=sse&key=AIzaSy123')).toBe(
      '/v1beta/models/m:streamGenerateContent?alt=sse&key=***',
    );
    expect(redactLogUrl('/x?access_token=abc&y=1')).toBe('/x?access_token=***&y=1');
    expect(redactLogUrl('/v1/chat/completions')).toBe('/v1/chat/completions');
  });
});

describe('capRedactedBody with bodies scanned clean before (the scan skips what a body shares with one of them)', () => {
  const MAX = 64 * 1024;
  /** A tool list and history as clients resend them every turn: long enough that most of a body is skipped. */
  const history = `{"tools":${JSON.stringify(Array.from({ length: 120 }, (_, index) => ({ name: `tool_${index}`, description: 'reads a file' })))},"messages":[`;

  /** Stores `later` after `earlier` went through the same writer; checks the skip was taken and changed nothing. */
  function redactAfter(earlier: string, later: string): string {
    const recent = new RecentCleanBodies(4, MAX * 2 + 1024);
    const first = capRedactedBody(Buffer.from(earlier), MAX, undefined, recent);
    expect(first?.kept.toString(), 'the earlier body must be clean for the skip to apply').toBe(earlier);
    const laterBytes = Buffer.from(later);
    const shared = recent.longestSharedPrefix(laterBytes).length;
    expect(shared).toBeGreaterThan(history.length);
    expect(scanStartAfterCleanPrefix(laterBytes, shared)).toBeGreaterThan(history.length - 100);
    const skipped = capRedactedBody(laterBytes, MAX, undefined, recent)?.kept.toString();
    const whole = capRedactedBody(laterBytes, MAX)?.kept.toString();
    expect(skipped).toBe(whole);
    return skipped ?? '';
  }

  it('masks a secret that straddles the end of the shared beginning', () => {
    const cases: [string, string, string][] = [
      // earlier tail (clean), later tail, the secret that must not be stored
      ['"Authorization: Bear"}]}', '"Authorization: Bearer abc.def-ghi"}]}', 'abc.def-ghi'],
      ['"key sk-0123"}]}', '"key sk-0123456789abcdef"}]}', 'sk-0123456789abcdef'],
      ['"token 1//0abc"}]}', '"token 1//0abcdefghijklmn"}]}', '1//0abcdefghijklmn'],
      ['"ya29-not-a-token"}]}', '"ya29.a0AfH6SMBx"}]}', 'ya29.a0AfH6SMBx'],
      ['"my password is"}]}', '"my password\u3000 =  hunter2-value"}]}', 'hunter2-value'],
      [`"client_secret"${' '.repeat(300)}x"}]}`, `"client_secret"${' '.repeat(300)}:${'\u2003'.repeat(40)}"shh-value"}]}`, 'shh-value'],
    ];
    for (const [earlierTail, laterTail, secret] of cases) {
      const stored = redactAfter(`${history}{"role":"user","content":${earlierTail}`, `${history}{"role":"user","content":${laterTail}`);
      expect(stored, laterTail).not.toContain(secret);
      expect(stored).toContain(history);
    }
  });

  it('masks a secret that appears only after the shared beginning', () => {
    const earlier = `${history}{"role":"user","content":"first turn"}]}`;
    const later = `${history}{"role":"user","content":"first turn"},{"role":"user","content":"here: refresh_token=1//0secretsecret and Bearer ya29.zzz"}]}`;
    const stored = redactAfter(earlier, later);
    expect(stored).not.toContain('1//0secretsecret');
    expect(stored).not.toContain('ya29.zzz');
    expect(stored).toContain('refresh_token=***');
  });

  it('masks a secret where the bodies differ inside it', () => {
    const cases: [string, string, string][] = [
      ['{"api_key": ""}]}', '{"api_key": "live-key-123"}]}', 'live-key-123'],
      ['{"note":"sk-short"}]}', '{"note":"sk-shortbutnowlongenough"}]}', 'sk-shortbutnowlongenough'],
      ['{"note":"Bearer"}]}', '{"note":"Bearer\u00a0opaque-token"}]}', 'opaque-token'],
      ['{"note":"sim-rt"}]}', '{"note":"sim-rt-abcdef"}]}', 'sim-rt-abcdef'],
    ];
    for (const [earlierTail, laterTail, secret] of cases) {
      const stored = redactAfter(`${history}${earlierTail}`, `${history}${laterTail}`);
      expect(stored, laterTail).not.toContain(secret);
    }
  });

  it('never remembers a body that held a secret, so a later copy of it is scanned whole', () => {
    const recent = new RecentCleanBodies(4, MAX * 2 + 1024);
    const secretBody = Buffer.from(`${history}{"password":"hunter2"}]}`);
    expect(capRedactedBody(secretBody, MAX, undefined, recent)?.kept.toString()).not.toContain('hunter2');
    expect(recent.longestSharedPrefix(secretBody).length).toBe(0);
    expect(capRedactedBody(secretBody, MAX, undefined, recent)?.kept.toString()).not.toContain('hunter2');
  });
});
