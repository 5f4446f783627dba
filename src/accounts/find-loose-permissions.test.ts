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
});

describe.skipIf(process.platform === 'win32')('findLoosePermissions with the modes of a load', () => {
  it('takes the account files it is given from the load, and stats the others', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'agt-perm-'));
    await mkdir(join(dataDir, 'accounts'), { mode: 0o700 });
    await chmod(dataDir, 0o700);
    await writeFile(join(dataDir, 'accounts', 'loaded.json'), '{}', { mode: 0o600 });
    await writeFile(join(dataDir, 'accounts', 'not loaded.json'), '{}', { mode: 0o600 });
    await chmod(join(dataDir, 'accounts', 'not loaded.json'), 0o604);
    // The load saw `loaded.json` readable by the group (it was chmodded since): its mode is not asked again.
    expect(await findLoosePermissions(dataDir, (name) => (name === 'loaded.json' ? 0o640 : undefined))).toEqual([
      `${join(dataDir, 'accounts', 'loaded.json')} (0640)`,
      `${join(dataDir, 'accounts', 'not loaded.json')} (0604)`,
    ]);
  });
});
