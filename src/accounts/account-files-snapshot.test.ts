import { describe, expect, it } from 'vitest';
import { AccountFilesSnapshot } from './account-files-snapshot.js';

describe('AccountFilesSnapshot', () => {
  it('gives back the hash recorded per file, in recording order', () => {
    const snapshot = new AccountFilesSnapshot();
    for (let index = 0; index < 1_000; index += 1) snapshot.record(`id-${index}`, `hash-${index}`);
    expect(snapshot.size).toBe(1_000);
    expect(snapshot.hashOf('id-999')).toBe('hash-999');
    expect(snapshot.hashOf('missing')).toBeUndefined();
    expect([...snapshot.ids()].slice(0, 2)).toEqual(['id-0', 'id-1']);
    expect([...snapshot.hashesById()][500]).toEqual(['id-500', 'hash-500']);
  });

  it('replaces a file read again (a retry after a parse failure) in place', () => {
    const snapshot = new AccountFilesSnapshot();
    snapshot.record('a', 'first');
    snapshot.record('b', 'other');
    snapshot.record('a', 'second');
    expect(snapshot.size).toBe(2);
    expect([...snapshot.hashesById()]).toEqual([
      ['a', 'second'],
      ['b', 'other'],
    ]);
  });
});
