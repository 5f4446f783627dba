import { describe, expect, it } from 'vitest';
import { generateId, generateTimeOrderedUuid } from './ids.js';

describe('generateId', () => {
  it('gives distinct 22-hex-digit ids with one per-process prefix', () => {
    const ids = Array.from({ length: 10_000 }, () => generateId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 10)) expect(id).toMatch(/^[0-9a-f]{22}$/);
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBe(1);
  });
});

describe('generateTimeOrderedUuid', () => {
  it('is a version-7-shaped UUID that sorts by time and never repeats', () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => generateTimeOrderedUuid(1_700_000_000_000 + Math.floor(index / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 5)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(generateTimeOrderedUuid(1_700_000_000_000) < generateTimeOrderedUuid(1_700_000_000_001)).toBe(true);
  });
});
