import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncFileReader } from './sync-file-reader.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'agt-reader-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('SyncFileReader', () => {
  it('reads each file whole with the stats of that file, reusing its buffer, and null for a missing file', async () => {
    const reader = new SyncFileReader();
    const big = 'x'.repeat(40_000);
    await writeFile(join(folder, 'big.json'), big, { mode: 0o600 });
    await writeFile(join(folder, 'small.json'), '{"a":1}', { mode: 0o640 });
    await writeFile(join(folder, 'empty.json'), '');

    const first = reader.read(join(folder, 'big.json'));
    expect(first?.bytes.toString()).toBe(big);
    expect(first?.stats.size).toBe(40_000);
    expect(first?.stats.ino).toBe((await stat(join(folder, 'big.json'))).ino);
    const second = reader.read(join(folder, 'small.json'));
    expect(second?.bytes.toString()).toBe('{"a":1}');
    expect((second?.stats.mode ?? 0) & 0o777).toBe(0o640);
    // One buffer for all files: the view of the first read now shows the second file's bytes.
    expect(second?.bytes.buffer).toBe(first?.bytes.buffer);
    expect(reader.read(join(folder, 'empty.json'))?.bytes.length).toBe(0);
    expect(reader.read(join(folder, 'missing.json'))).toBeNull();
    expect(() => reader.read(folder)).toThrow();
  });
});
