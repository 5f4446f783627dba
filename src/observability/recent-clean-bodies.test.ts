import { describe, expect, it } from 'vitest';
import { RecentCleanBodies } from './recent-clean-bodies.js';

describe('RecentCleanBodies', () => {
  it('finds the kept body sharing the longest beginning and replaces it with the newer turn', () => {
    const recent = new RecentCleanBodies(3, 4096);
    const tools = `tools:[${'read,write,'.repeat(150)}];`;
    const remember = (text: string) => {
      const body = Buffer.from(text);
      recent.remember(body, recent.longestSharedPrefix(body));
    };
    remember(`${tools}turn 1`);
    remember('another client entirely');
    const second = Buffer.from(`${tools}turn 1;turn 2`);
    const shared = recent.longestSharedPrefix(second);
    expect(shared.length).toBe(`${tools}turn 1`.length);
    recent.remember(second, shared);
    expect(recent.longestSharedPrefix(Buffer.from(`${tools}turn 1;turn 2;turn 3`)).length).toBe(second.length);

    // The earlier turn's place was reused, so one is still free for a third body; a fourth replaces the oldest.
    remember('a third client');
    remember('a fourth one');
    expect(recent.longestSharedPrefix(Buffer.from('a third client')).length).toBe('a third client'.length);
    expect(recent.longestSharedPrefix(Buffer.from('another client entirely')).length).toBeLessThan('another client entirely'.length);
    expect(recent.longestSharedPrefix(second).length).toBe(second.length);
  });

  it('keeps only the beginning of a long body, and copies it (later changes to the source do not count)', () => {
    const recent = new RecentCleanBodies(1, 8);
    const body = Buffer.from('0123456789abcdef');
    recent.remember(body, recent.longestSharedPrefix(body));
    body.fill(0x78);
    expect(recent.longestSharedPrefix(Buffer.from('0123456789abcdef')).length).toBe(8);
  });

  it('replaces the body unused the longest when a new one shares nothing', () => {
    const recent = new RecentCleanBodies(2, 32);
    for (const text of ['alpha', 'beta', 'gamma']) recent.remember(Buffer.from(text), recent.longestSharedPrefix(Buffer.from(text)));
    expect(recent.longestSharedPrefix(Buffer.from('alpha')).length).toBe(0);
    expect(recent.longestSharedPrefix(Buffer.from('beta')).length).toBe(4);
    expect(recent.longestSharedPrefix(Buffer.from('gamma')).length).toBe(5);
  });
});
