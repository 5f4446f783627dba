import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../test/support/create-seeded-random.js';
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

/**
 * Stores `later` after `earlier` went through the same writer (`earlier` must come out clean, or nothing is skipped),
 * and checks the result is what a whole scan of `later` gives; `check` may look at the skip before it is taken.
 */
function redactAfterClean(earlier: string, later: string, check?: (recent: RecentCleanBodies, laterBytes: Buffer) => void): string {
  const max = 64 * 1024;
  const recent = new RecentCleanBodies(4, max * 2 + 1024);
  expect(capRedactedBody(Buffer.from(earlier), max, undefined, recent)?.kept.toString(), 'the earlier body must be clean for the skip to apply').toBe(earlier);
  const laterBytes = Buffer.from(later);
  check?.(recent, laterBytes);
  const skipped = capRedactedBody(laterBytes, max, undefined, recent)?.kept.toString();
  expect(skipped).toBe(capRedactedBody(laterBytes, max)?.kept.toString());
  return skipped ?? '';
}

describe('capRedactedBody with bodies scanned clean before (the scan skips what a body shares with one of them)', () => {
  const MAX = 64 * 1024;
  /** A tool list and history as clients resend them every turn: long enough that most of a body is skipped. */
  const history = `{"tools":${JSON.stringify(Array.from({ length: 120 }, (_, index) => ({ name: `tool_${index}`, description: 'reads a file' })))},"messages":[`;

  /** `redactAfterClean`, checking that the shared beginning was skipped. */
  function redactAfter(earlier: string, later: string): string {
    return redactAfterClean(earlier, later, (recent, laterBytes) => {
      const shared = recent.longestSharedPrefix(laterBytes).length;
      expect(shared).toBeGreaterThan(history.length);
      expect(scanStartAfterCleanPrefix(laterBytes, shared)).toBeGreaterThan(history.length - 100);
    });
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

describe('capRedactedBody: the end a body shares with one scanned clean before is skipped too', () => {
  const MAX = 64 * 1024;
  /** Claude Code sends `messages` first: a new turn changes the middle of a body, before `system` and `tools`. */
  const tools = `],"system":"be brief","tools":${JSON.stringify(Array.from({ length: 120 }, (_, index) => ({ name: `tool_${index}`, description: 'reads a file' })))}}`;
  const head = '{"model":"m","messages":[{"role":"user","content":"first turn"}';

  const redactAfter = (earlier: string, later: string) => redactAfterClean(earlier, later);

  it('skips the shared end, and masks a new turn\'s secrets, one that runs into the shared end included', () => {
    const recent = new RecentCleanBodies(4, MAX * 2 + 1024);
    capRedactedBody(Buffer.from(`${head}${tools}`), MAX, undefined, recent);
    const later = Buffer.from(`${head},{"role":"user","content":"second"}${tools}`);
    expect(recent.longestSharedSuffix(later)).toBeGreaterThanOrEqual(tools.length);
    const cases: [string, string][] = [
      [`,{"role":"user","content":"key sk-0123456789abcdef"}`, 'sk-0123456789abcdef'],
      [`,{"role":"user","content":"Bearer${' '.repeat(200)}`, ''],
      [`,{"role":"user","content":"password${'\u3000'.repeat(50)}=${' '.repeat(90)}`, ''],
    ];
    for (const [turn, secret] of cases) {
      const stored = redactAfter(`${head}${tools}`, `${head}${turn}${tools}`);
      if (secret !== '') expect(stored).not.toContain(secret);
    }
    // A secret whose first byte is the last new one, and one that starts at the first shared byte, where only the byte
    // before it (`\b`) differs from the clean body.
    const startsAtLastNewByte = redactAfter(`${head},"a":"xk-0123456789abc"${tools}`, `${head},"a":"sk-0123456789abc"${tools}`);
    expect(startsAtLastNewByte).not.toContain('0123456789abc');
    const startsAtFirstSharedByte = redactAfter(`${head},"a":"xsk-0123456789abc"${tools}`, `${head},"a":" sk-0123456789abc"${tools}`);
    expect(startsAtFirstSharedByte).not.toContain('0123456789abc');
    // The new turn ends in `Bearer` and spaces; the shared end begins with the token: the match crosses the boundary.
    const crossing = redactAfter(`${head}"},"x":"abcdefghij${tools}`, `${head},"y":"Bearer${' '.repeat(100)}abcdefghij${tools}`);
    expect(crossing).not.toContain('abcdefghij],"system"');
    expect(crossing).toContain('Bearer');
  });

  it('gives what a whole scan gives, for random bodies around a clean one', () => {
    const random = createSeededRandom(20261206).next;
    // Mostly plain text and the bytes a match may hold runs of, with the beginnings of every kind of secret.
    const plain = ['a', 'Z', '0', 'x', ' ', '  ', '"', ':', '=', ',', '}', '.', '-', '/', '\u00a0', '\u3000', 'é'];
    const pieces = [...plain, ...plain, ...plain, 'Bearer ', 'sk-', 'ya29.', '1//', 'api_key', 'password', 'sim-rt-', 'toke', 'n'];
    const text = (length: number) => Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    let checked = 0;
    for (let attempt = 0; attempt < 20_000 && checked < 1500; attempt++) {
      const clean = text(10 + Math.floor(random() * 60));
      const recent = new RecentCleanBodies(4, MAX * 2 + 1024);
      if (capRedactedBody(Buffer.from(clean), MAX, undefined, recent)?.kept.toString() !== clean) continue;
      const cleanBytes = Buffer.from(clean);
      const from = Math.floor(random() * cleanBytes.length);
      const to = from + Math.floor(random() * (cleanBytes.length - from));
      const later = Buffer.concat([cleanBytes.subarray(0, from), Buffer.from(text(Math.floor(random() * 12))), cleanBytes.subarray(to)]);
      const skipped = capRedactedBody(later, MAX, undefined, recent)?.kept.toString('latin1');
      expect(skipped, later.toString('latin1')).toBe(capRedactedBody(later, MAX)?.kept.toString('latin1'));
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
