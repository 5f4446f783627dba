export type ParsedImport = { ok: true; entries: unknown[]; count: number } | { ok: false; problem: 'empty' | 'json' | 'shape' };

/**
 * Reads an Antigravity Tools account export: a JSON array of `{email, refresh_token}` (an object with an
 * `accounts` array is accepted too). Only the shape is checked here; the gateway checks each token with Google.
 */
export function parseImportFile(text: string): ParsedImport {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ok: false, problem: 'json' };
  }
  const list = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { accounts?: unknown }).accounts) ? (parsed as { accounts: unknown[] }).accounts : null;
  if (list === null || list.length === 0) return { ok: false, problem: 'shape' };
  if (!list.every((entry) => typeof entry === 'object' && entry !== null && 'refresh_token' in entry)) return { ok: false, problem: 'shape' };
  return { ok: true, entries: list, count: list.length };
}

/** The desktop app's export file name for today: `antigravity_accounts_YYYY-MM-DD.json` (local date). */
export function buildExportFileName(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `antigravity_accounts_${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}
