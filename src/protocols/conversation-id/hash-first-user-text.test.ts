import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashFirstUserText } from './hash-first-user-text.js';

const idOf = (text: string) => hashFirstUserText([{ role: 'user', parts: [{ text }] }])?.id;

describe('hashFirstUserText', () => {
  it('gives the same id for the same first text, and another for another text', () => {
    expect(idOf('hello there')).toBe(idOf('hello there'));
    expect(idOf('hello there')).not.toBe(idOf('hello here'));
    expect(idOf('   ')).toBeUndefined();
  });

  it('is the SHA-256 of the text, also when remembered, for short and long texts and past the memo\'s size', () => {
    const expected = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    const texts = ['hi', 'x'.repeat(4096), 'y'.repeat(4097), ...Array.from({ length: 1_100 }, (_, index) => `question ${index} — ✓`)];
    for (let round = 0; round < 2; round++) {
      for (const text of texts) expect(idOf(text)).toBe(expected(text));
    }
  });

  it('tells a first text of megabytes apart by its opening and its length, without hashing all of it', () => {
    const long = '日本語のテキスト。'.repeat(1_000_000);
    expect(idOf(long)).toBe(idOf(long));
    expect(idOf(long)).not.toBe(idOf(`${long}!`));
    expect(idOf(long)).not.toBe(idOf(`X${long.slice(1)}`));
    expect(idOf(long)).toMatch(/^sha256:[0-9a-f]{32}$/);
  });
});
