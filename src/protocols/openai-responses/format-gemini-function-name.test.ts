import { describe, expect, it } from 'vitest';
import { buildToolNameMap } from '../tool-names/index.js';
import { formatGeminiFunctionName } from './format-gemini-function-name.js';

describe('formatGeminiFunctionName', () => {
  it('keeps plain names and joins namespaced ones', () => {
    expect(formatGeminiFunctionName('shell')).toBe('shell');
    expect(formatGeminiFunctionName('shell', null)).toBe('shell');
    expect(formatGeminiFunctionName('shell', '')).toBe('shell');
    expect(formatGeminiFunctionName('read', 'mcp__files')).toBe('mcp__files__read');
  });

  it('leaves long joined names to the per-request tool name map, which keeps them apart', () => {
    const namespace = 'mcp__codex_apps__a_rather_long_connector_name';
    const first = formatGeminiFunctionName('search_emails_by_sender', namespace);
    const second = formatGeminiFunctionName('search_emails_by_subject', namespace);
    expect(first).toBe(`${namespace}__search_emails_by_sender`);
    const map = buildToolNameMap([first, second]);
    expect(map.toUpstream(first)).toHaveLength(64);
    expect(map.toUpstream(first)).not.toBe(map.toUpstream(second));
    expect(map.toClient(map.toUpstream(second))).toBe(second);
  });
});
