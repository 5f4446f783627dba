import { describe, expect, it } from 'vitest';
import { formatGeminiFunctionName } from './format-gemini-function-name.js';

describe('formatGeminiFunctionName', () => {
  it('keeps plain names and joins namespaced ones', () => {
    expect(formatGeminiFunctionName('shell')).toBe('shell');
    expect(formatGeminiFunctionName('shell', null)).toBe('shell');
    expect(formatGeminiFunctionName('shell', '')).toBe('shell');
    expect(formatGeminiFunctionName('read', 'mcp__files')).toBe('mcp__files__read');
  });

  it('shortens long joined names to 64 characters, stably and without collisions', () => {
    const namespace = 'mcp__codex_apps__a_rather_long_connector_name';
    const first = formatGeminiFunctionName('search_emails_by_sender', namespace);
    const second = formatGeminiFunctionName('search_emails_by_subject', namespace);
    expect(first).toHaveLength(64);
    expect(second).toHaveLength(64);
    expect(first).not.toBe(second);
    expect(formatGeminiFunctionName('search_emails_by_sender', namespace)).toBe(first);
    expect(first.startsWith('mcp__codex_apps__a_rather_long_connector_name__search_')).toBe(true);
    expect(first).toMatch(/_[0-9a-f]{8}$/);
  });
});
