import { describe, expect, it } from 'vitest';
import { buildToolNameMap } from './build-tool-name-map.js';
import { formatUpstreamToolName } from './format-upstream-tool-name.js';

describe('buildToolNameMap', () => {
  it('keeps acceptable names and renames the rest reversibly', () => {
    const long = `mcp__server__${'t'.repeat(80)}`;
    const map = buildToolNameMap(['Read', long, '1password_lookup']);
    expect(map.isIdentity).toBe(false);
    expect(map.toUpstream('Read')).toBe('Read');
    for (const name of [long, '1password_lookup']) {
      const upstream = map.toUpstream(name);
      expect(upstream).not.toBe(name);
      expect(map.toClient(upstream)).toBe(name);
    }
    expect(map.toClient('unknown_tool')).toBe('unknown_tool');
  });

  it('does not depend on the order of the names', () => {
    const names = ['a b', 'a/b', 'c'.repeat(70)];
    const forward = buildToolNameMap(names);
    const backward = buildToolNameMap([...names].reverse());
    for (const name of names) expect(forward.toUpstream(name)).toBe(backward.toUpstream(name));
  });

  it('lengthens the hash when a renamed name would meet a client name', () => {
    const taken = formatUpstreamToolName('a b');
    const map = buildToolNameMap([taken, 'a b']);
    expect(map.toUpstream(taken)).toBe(taken);
    expect(map.toUpstream('a b')).not.toBe(taken);
    expect(map.toClient(map.toUpstream('a b'))).toBe('a b');
  });

  it('is the identity when every name is acceptable', () => {
    expect(buildToolNameMap(['Read', 'Write']).isIdentity).toBe(true);
  });
});
