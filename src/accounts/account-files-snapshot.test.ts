import type { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccountFilesSnapshot, isUnchangedSince, TIMESTAMP_DOUBT_MS } from './account-files-snapshot.js';

function statsOf(ino: number, size: number, mtimeMs: number, ctimeMs: number, mode: number): Stats {
  return { ino, size, mtimeMs, ctimeMs, mode } as Stats;
}

describe('AccountFilesSnapshot', () => {
  it('gives back what was recorded per file, in recording order, past its first allocation', () => {
    const snapshot = new AccountFilesSnapshot(1_000_000);
    for (let index = 0; index < 1_000; index += 1) {
      snapshot.record(`id-${index}`, `hash-${index}`, statsOf(9_000_000_000 + index, 400 + index, 1_700_000_000_123.25 + index, 1_700_000_000_456.5, 0o100644));
    }
    expect(snapshot.size).toBe(1_000);
    expect(snapshot.get('id-999')).toEqual({ hash: 'hash-999', ino: 9_000_000_999, size: 1_399, mtimeMs: 1_700_000_001_122.25, ctimeMs: 1_700_000_000_456.5, mode: 0o644 });
    expect(snapshot.modeOf('id-3')).toBe(0o644);
    expect(snapshot.get('missing')).toBeUndefined();
    expect(snapshot.modeOf('missing')).toBeUndefined();
    expect([...snapshot.ids()].slice(0, 2)).toEqual(['id-0', 'id-1']);
    expect([...snapshot.hashesById()][500]).toEqual(['id-500', 'hash-500']);
  });

  it('replaces a file read again (a retry after a parse failure) in place', () => {
    const snapshot = new AccountFilesSnapshot(0);
    snapshot.record('a', 'first', statsOf(1, 10, 5, 5, 0o100600));
    snapshot.record('b', 'other', statsOf(2, 10, 5, 5, 0o100600));
    snapshot.record('a', 'second', statsOf(3, 20, 6, 7, 0o100640));
    expect(snapshot.size).toBe(2);
    expect(snapshot.get('a')).toEqual({ hash: 'second', ino: 3, size: 20, mtimeMs: 6, ctimeMs: 7, mode: 0o640 });
    expect([...snapshot.hashesById()]).toEqual([
      ['a', 'second'],
      ['b', 'other'],
    ]);
  });

  it('proves a file unchanged only by the same inode, size and times, older than the read by the timestamp doubt', () => {
    const readAt = 10_000_000;
    const old = readAt - TIMESTAMP_DOUBT_MS - 1;
    const snapshot = new AccountFilesSnapshot(readAt);
    snapshot.record('a', 'h', statsOf(7, 100, old, old, 0o100600));
    const seen = snapshot.get('a');
    if (seen === undefined) throw new Error('recorded file missing');
    expect(isUnchangedSince(seen, statsOf(7, 100, old, old, 0o100600), readAt)).toBe(true);
    expect(isUnchangedSince(seen, statsOf(8, 100, old, old, 0o100600), readAt)).toBe(false);
    expect(isUnchangedSince(seen, statsOf(7, 101, old, old, 0o100600), readAt)).toBe(false);
    expect(isUnchangedSince(seen, statsOf(7, 100, old, old + 1, 0o100600), readAt)).toBe(false);
    snapshot.record('b', 'h', statsOf(7, 100, readAt - 5, readAt - 5, 0o100600));
    const recent = snapshot.get('b');
    if (recent === undefined) throw new Error('recorded file missing');
    expect(isUnchangedSince(recent, statsOf(7, 100, readAt - 5, readAt - 5, 0o100600), readAt)).toBe(false);
  });
});
