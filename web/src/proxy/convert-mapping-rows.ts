export interface MappingRow {
  /** stable key for the editor's list; not sent to the server */
  key: number;
  from: string;
  to: string;
}

let nextKey = 1;

/** Editor rows for `custom_mapping`, sorted by source model. */
export function convertMappingToRows(mapping: Record<string, string> | null | undefined): MappingRow[] {
  return Object.entries(mapping ?? {})
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([from, to]) => ({ key: nextKey++, from, to }));
}

export function createMappingRow(): MappingRow {
  return { key: nextKey++, from: '', to: '' };
}

export type MappingResult =
  | { ok: true; mapping: Record<string, string> }
  | { ok: false; problem: 'incomplete' | 'duplicate'; row: number; from: string };

/**
 * Rows back to `custom_mapping`. Fully empty rows are dropped; a row with only one side filled, or a source model
 * listed twice, is reported with its index instead of being silently lost.
 */
export function convertRowsToMapping(rows: readonly MappingRow[]): MappingResult {
  const mapping: Record<string, string> = {};
  for (const [index, row] of rows.entries()) {
    const from = row.from.trim();
    const to = row.to.trim();
    if (from === '' && to === '') continue;
    if (from === '' || to === '') return { ok: false, problem: 'incomplete', row: index, from };
    if (Object.prototype.hasOwnProperty.call(mapping, from)) return { ok: false, problem: 'duplicate', row: index, from };
    mapping[from] = to;
  }
  return { ok: true, mapping };
}
