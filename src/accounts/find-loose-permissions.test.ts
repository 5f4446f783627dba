import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLoosePermissions } from './find-loose-permissions.js';

describe.skipIf(process.platform === 'win32')('findLoosePermissions', () => {
  it('lists what group or others can reach, and nothing when everything is private', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agt-perm-'));
    await mkdir(join(dataDir, 'accounts'), { mode: 0o700 });
    await writeFile(join(dataDir, 'accounts', 'a.json'), '{}', { mode: 0o600 });
    await writeFile(join(dataDir, 'gui_config.json'), '{}', { mode: 0o600 });
    await chmod(dataDir, 0o700);
    expect(await findLoosePermissions(dataDir)).toEqual([]);

    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'accounts', 'a.json'), 0o644);
    await chmod(join(dataDir, 'gui_config.json'), 0o640);
    expect(await findLoosePermissions(dataDir)).toEqual([
      `${dataDir} (0755)`,
      `${join(dataDir, 'gui_config.json')} (0640)`,
      `${join(dataDir, 'accounts', 'a.json')} (0644)`,
    ]);
  });

  it('checks every account file of a large directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agt-perm-'));
    await mkdir(join(dataDir, 'accounts'), { mode: 0o700 });
    await chmod(dataDir, 0o700);
    for (let index = 0; index < 2_000; index += 1) {
      await writeFile(join(dataDir, 'accounts', `${String(index).padStart(4, '0')}.json`), '{}', { mode: 0o600 });
    }
    await chmod(join(dataDir, 'accounts', '1999.json'), 0o604);
    expect(await findLoosePermissions(dataDir)).toEqual([`${join(dataDir, 'accounts', '1999.json')} (0604)`]);
  });
});
