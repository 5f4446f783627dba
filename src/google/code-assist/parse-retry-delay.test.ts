import { describe, expect, it } from 'vitest';
import { parseDurationMs } from './parse-duration-ms.js';
import { parseRetryDelay } from './parse-retry-delay.js';

describe('parseDurationMs', () => {
  it.each([
    ['0.539477544s', 539.477544],
    ['1h2m3.5s', 3_723_500],
    ['510.79ms', 510.79],
    ['41s', 41_000],
    ['3 seconds', 3000],
    ['2 minutes', 120_000],
    ['1m30s', 90_000],
    ['1h 5m', 3_900_000],
    ['41', 41_000],
  ])('%s → %d ms', (text, expected) => {
    expect(parseDurationMs(text)).toBeCloseTo(expected, 6);
  });

  it('reads {seconds, nanos} objects, with string seconds as protobuf JSON sends them', () => {
    expect(parseDurationMs({ seconds: 3, nanos: 500_000_000 })).toBe(3500);
    expect(parseDurationMs({ seconds: '12' })).toBe(12_000);
    expect(parseDurationMs({ nanos: 1_000_000 })).toBe(1);
  });

  it.each(['', 'soon', '5 parsecs', '-3s', '1h garbage', null, [], {}])('rejects %j', (value) => {
    expect(parseDurationMs(value)).toBeUndefined();
  });
});

describe('parseRetryDelay', () => {
  const now = Date.parse('2025-10-20T19:00:00Z');

  it('reads Retry-After seconds', () => {
    expect(parseRetryDelay({ headers: { 'retry-after': '3' } }, now)).toBe(3000);
    expect(parseRetryDelay({ headers: { 'Retry-After': ['2'] } }, now)).toBe(2000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const at = new Date(now + 90_000).toUTCString();
    expect(parseRetryDelay({ headers: { 'retry-after': at } }, now)).toBe(90_000);
  });

  it('reads quotaResetDelay and RetryInfo.retryDelay, rounding up', () => {
    expect(parseRetryDelay({ body: { error: { details: [{ metadata: { quotaResetDelay: '510.79ms' } }] } } }, now)).toBe(511);
    expect(parseRetryDelay({ body: { error: { details: [{ retryDelay: '0.539477544s' }] } } }, now)).toBe(540);
    expect(parseRetryDelay({ body: { details: [{ retryDelay: { seconds: 1, nanos: 250_000_000 } }] } }, now)).toBe(1250);
  });

  it('uses an absolute quotaResetTimeStamp still in the future', () => {
    const body = { error: { details: [{ metadata: { quotaResetTimeStamp: '2025-10-20T19:14:08Z' } }] } };
    expect(parseRetryDelay({ body }, now)).toBe(848_000);
    expect(parseRetryDelay({ body }, Date.parse('2025-10-21T00:00:00Z'))).toBeUndefined();
  });

  it('reads phrases in plain text', () => {
    expect(parseRetryDelay({ text: 'Your quota will reset after 41s.' }, now)).toBe(41_000);
    expect(parseRetryDelay({ text: 'Please retry after 3 seconds' }, now)).toBe(3000);
    expect(parseRetryDelay({ text: 'Rate limited, try again in 1m30s' }, now)).toBe(90_000);
    expect(parseRetryDelay({ text: 'Please retry in 21.0494s.' }, now)).toBe(21_050);
  });

  it('takes the largest explicit value', () => {
    const text = JSON.stringify({
      error: {
        message: 'You have exhausted your capacity on this model. Your quota will reset after 0s.',
        details: [
          { metadata: { quotaResetDelay: '539.477544ms', quotaResetTimeStamp: '2025-10-20T19:14:08Z' } },
          { retryDelay: '0.539477544s' },
        ],
      },
    });
    expect(parseRetryDelay({ text }, Date.parse('2025-10-21T00:00:00Z'))).toBe(540);
    expect(parseRetryDelay({ text, headers: { 'retry-after': '5' } }, Date.parse('2025-10-21T00:00:00Z'))).toBe(5000);
  });

  it('finds delays in JSON stringified inside a message', () => {
    const inner = JSON.stringify({ error: { details: [{ metadata: { quotaResetDelay: '2m' } }] } });
    expect(parseRetryDelay({ text: JSON.stringify({ error: { message: inner } }) }, now)).toBe(120_000);
  });

  it('returns 0 for an explicit zero and undefined when nothing is said', () => {
    expect(parseRetryDelay({ text: 'quota will reset after 0s' }, now)).toBe(0);
    expect(parseRetryDelay({ text: 'Too Many Requests' }, now)).toBeUndefined();
    expect(parseRetryDelay({}, now)).toBeUndefined();
    expect(parseRetryDelay({ headers: { 'retry-after': 'whenever' }, text: '<html>' }, now)).toBeUndefined();
  });
});
