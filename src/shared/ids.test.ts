import { describe, expect, it } from 'vitest';
import { generateId } from './ids.js';

describe('generateId', () => {
  it('gives distinct 22-hex-digit ids with one per-process prefix', () => {
    const ids = Array.from({ length: 10_000 }, () => generateId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 10)) expect(id).toMatch(/^[0-9a-f]{22}$/);
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBe(1);
  });
});
