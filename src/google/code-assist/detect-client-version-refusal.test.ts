import { describe, expect, it } from 'vitest';
import {
  isClientVersionRefusal,
  isClientVersionRefusalCompletion,
  mayBecomeClientVersionRefusal,
} from './detect-client-version-refusal.js';

const JANUARY = 'This version of Antigravity is no longer supported. Please update to receive the latest features!';
const APRIL = 'This version of Antigravity is no longer supported. Please upgrade to receive the latest features.';
const FEBRUARY = 'Your current version of Antigravity is out of date. Please visit https://antigravity.google/download to download and install the latest version.';
const PER_MODEL = 'Gemini 3.1 Pro is not available on this version. Please upgrade to the latest version.';

describe('client version refusal', () => {
  it('recognises every recorded spelling, inside longer texts too', () => {
    for (const text of [JANUARY, APRIL, FEBRUARY, PER_MODEL]) {
      expect(isClientVersionRefusal(text)).toBe(true);
      expect(isClientVersionRefusal(`{"error":{"message":"${text}"}}`)).toBe(true);
    }
    expect(isClientVersionRefusal('Resource has been exhausted (e.g. check quota).')).toBe(false);
  });

  it('a completion is the refusal only when it is nothing but the refusal', () => {
    expect(isClientVersionRefusalCompletion(`\n${JANUARY}\n`)).toBe(true);
    expect(isClientVersionRefusalCompletion(FEBRUARY)).toBe(true);
    expect(isClientVersionRefusalCompletion('')).toBe(false);
    const quoting = `Users of old proxies saw "${JANUARY}" in January. `.repeat(5);
    expect(isClientVersionRefusalCompletion(quoting)).toBe(false);
  });

  it('holds a stream back only while its text could still become the refusal', () => {
    expect(mayBecomeClientVersionRefusal('')).toBe(true);
    expect(mayBecomeClientVersionRefusal('This ver')).toBe(true);
    expect(mayBecomeClientVersionRefusal('  This version of Antigravity is no')).toBe(true);
    expect(mayBecomeClientVersionRefusal('Your current')).toBe(true);
    expect(mayBecomeClientVersionRefusal('Hello')).toBe(false);
    expect(mayBecomeClientVersionRefusal('This is')).toBe(false);
  });
});
