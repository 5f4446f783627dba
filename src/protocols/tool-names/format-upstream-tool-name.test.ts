import { describe, expect, it } from 'vitest';
import { formatUpstreamToolName, isSafeUpstreamToolName } from './format-upstream-tool-name.js';

const GEMINI_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

describe('formatUpstreamToolName', () => {
  it('tells acceptable names from the rest', () => {
    expect(isSafeUpstreamToolName('Read')).toBe(true);
    expect(isSafeUpstreamToolName('mcp__github__create_issue')).toBe(true);
    expect(isSafeUpstreamToolName('a'.repeat(64))).toBe(true);
    expect(isSafeUpstreamToolName('a'.repeat(65))).toBe(false);
    expect(isSafeUpstreamToolName('3d_render')).toBe(false);
    expect(isSafeUpstreamToolName('search web')).toBe(false);
    expect(isSafeUpstreamToolName('ns:tool')).toBe(false);
    expect(isSafeUpstreamToolName('')).toBe(false);
  });

  it('makes names Gemini accepts, keeping head and tail of long ones', () => {
    const long = `mcp__${'very-long-server-name'.repeat(3)}__create_pull_request_review_comment`;
    const formatted = formatUpstreamToolName(long);
    expect(formatted).toMatch(GEMINI_NAME);
    expect(formatted).toHaveLength(64);
    expect(formatted.startsWith('mcp__very-long-server')).toBe(true);
    expect(formatted.endsWith('review_comment')).toBe(true);
    expect(formatUpstreamToolName('3d_render')).toMatch(/^_3d_render_[0-9a-f]{8}$/);
    expect(formatUpstreamToolName('search web')).toMatch(/^search_web_[0-9a-f]{8}$/);
    expect(formatUpstreamToolName('')).toMatch(GEMINI_NAME);
    expect(formatUpstreamToolName('工具')).toMatch(GEMINI_NAME);
  });

  it('is deterministic and tells apart names that clean to the same text', () => {
    expect(formatUpstreamToolName('search web')).toBe(formatUpstreamToolName('search web'));
    expect(formatUpstreamToolName('search web')).not.toBe(formatUpstreamToolName('search/web'));
    const a = formatUpstreamToolName(`${'x'.repeat(100)}a`);
    const b = formatUpstreamToolName(`${'x'.repeat(100)}b`);
    expect(a).not.toBe(b);
  });
});
