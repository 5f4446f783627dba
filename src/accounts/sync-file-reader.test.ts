import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  it('reads each file whole, reusing its buffer, and null for a missing file', async () => {
    const reader = new SyncFileReader();
    const big = 'x'.repeat(40_000);
    const exact = 'y'.repeat(16 * 1024);
    await writeFile(join(folder, 'big.json'), big, { mode: 0o600 });
    await writeFile(join(folder, 'small.json'), '{"a":1}', { mode: 0o640 });
    await writeFile(join(folder, 'empty.json'), '');
    await writeFile(join(folder, 'exact.json'), exact);

    // The size of the first buffer exactly, then larger than it: both read whole.
    expect(reader.read(join(folder, 'exact.json'))?.toString()).toBe(exact);
    const first = reader.read(join(folder, 'big.json'));
    expect(first?.toString()).toBe(big);
    const second = reader.read(join(folder, 'small.json'));
    expect(second?.toString()).toBe('{"a":1}');
    // One buffer for all files: the view of the first read now shows the second file's bytes.
    expect(second?.buffer).toBe(first?.buffer);
    expect(reader.read(join(folder, 'empty.json'))?.length).toBe(0);
    expect(reader.read(join(folder, 'missing.json'))).toBeNull();
    expect(() => reader.read(folder)).toThrow();
  });
});
