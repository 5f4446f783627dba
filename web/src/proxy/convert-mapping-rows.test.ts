import { describe, expect, it } from 'vitest';
import { convertMappingToRows, convertRowsToMapping } from './convert-mapping-rows';

describe('custom mapping rows', () => {
  it('round-trips a mapping, sorted by source model', () => {
    const rows = convertMappingToRows({ 'gpt-4o*': 'gemini-2.5-flash', 'claude-haiku': 'gemini-2.5-flash' });
    expect(rows.map((row) => row.from)).toEqual(['claude-haiku', 'gpt-4o*']);
    expect(new Set(rows.map((row) => row.key)).size).toBe(2);
    expect(convertRowsToMapping(rows)).toEqual({
      ok: true,
      mapping: { 'claude-haiku': 'gemini-2.5-flash', 'gpt-4o*': 'gemini-2.5-flash' },
    });
  });

  it('trims values and drops fully empty rows', () => {
    expect(convertRowsToMapping([{ key: 1, from: ' a ', to: ' b ' }, { key: 2, from: '', to: '  ' }])).toEqual({
      ok: true,
      mapping: { a: 'b' },
    });
  });

  it('reports a half-filled row instead of dropping it', () => {
    expect(convertRowsToMapping([{ key: 1, from: 'a', to: 'b' }, { key: 2, from: 'c', to: '' }])).toEqual({
      ok: false,
      problem: 'incomplete',
      row: 1,
      from: 'c',
    });
  });

  it('reports a source model listed twice', () => {
    expect(convertRowsToMapping([{ key: 1, from: 'a', to: 'b' }, { key: 2, from: 'a', to: 'c' }])).toMatchObject({
      ok: false,
      problem: 'duplicate',
      from: 'a',
    });
  });

  it('treats a missing mapping as empty', () => {
    expect(convertMappingToRows(null)).toEqual([]);
  });
});
