import { describe, expect, it } from 'vitest';
import { convertEpochToMs } from './convert-epoch-to-ms';
import { formatCountdown } from './format-countdown';
import { formatDateTime } from './format-date-time';
import { formatDuration } from './format-duration';
import { formatRelativeTime } from './format-relative-time';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('convertEpochToMs', () => {
  it('turns unix seconds into milliseconds and keeps milliseconds', () => {
    expect(convertEpochToMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(convertEpochToMs(1_700_000_000_123)).toBe(1_700_000_000_123);
  });

  it('treats missing and non-positive values as unknown', () => {
    expect(convertEpochToMs(null)).toBeUndefined();
    expect(convertEpochToMs(undefined)).toBeUndefined();
    expect(convertEpochToMs(0)).toBeUndefined();
    expect(convertEpochToMs(Number.NaN)).toBeUndefined();
  });
});

describe('formatRelativeTime', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(formatRelativeTime(NOW - 3_000, NOW)).toBe('now');
    expect(formatRelativeTime(NOW - 45_000, NOW)).toBe('45 seconds ago');
    expect(formatRelativeTime(NOW - 25 * 60_000, NOW)).toBe('25 minutes ago');
    expect(formatRelativeTime(NOW - 2 * 3_600_000, NOW)).toBe('2 hours ago');
    expect(formatRelativeTime(NOW - 86_400_000, NOW)).toBe('yesterday');
    expect(formatRelativeTime(NOW - 3 * 86_400_000, NOW)).toBe('3 days ago');
  });

  it('says how long until a future time', () => {
    expect(formatRelativeTime(NOW + 5 * 60_000, NOW)).toBe('in 5 minutes');
  });
});

describe('formatCountdown', () => {
  it('pads minutes and seconds under the largest unit', () => {
    expect(formatCountdown(3_723_000)).toBe('1h 02m 03s');
    expect(formatCountdown(125_000)).toBe('2m 05s');
    expect(formatCountdown(9_000)).toBe('9s');
  });

  it('rounds up so it only reaches 0s when the time is over', () => {
    expect(formatCountdown(100)).toBe('1s');
    expect(formatCountdown(0)).toBe('0s');
    expect(formatCountdown(-5_000)).toBe('0s');
  });
});

describe('formatDuration', () => {
  it('uses ms under a second, seconds under a minute, then minutes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1_234)).toBe('1.23 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(-1)).toBe('–');
  });
});

describe('formatDateTime', () => {
  it('shows the date and time in the given zone', () => {
    expect(formatDateTime(NOW, 'en-GB', 'UTC')).toBe('01/05/2024, 12:00:00');
    expect(formatDateTime(NOW, 'en-GB', 'Asia/Tokyo')).toBe('01/05/2024, 21:00:00');
  });
});
