import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Paths of the data directory that other users of the machine can read or write: the directory itself, `accounts/`,
 * the account files (refresh tokens), `gui_config.json` (API key, admin password) and the request log database.
 * agt creates them private (0700 / 0600); a directory made by another tool or an old umask may be wider. Each entry
 * is `path (mode)`. Empty on platforms without POSIX modes. `knownMode` gives the permission bits of a file in `accounts/`
 * (by name) that AccountStore.loadAll has just read, or undefined: those files are not asked again.
 */
export async function findLoosePermissions(dataDir: string, knownMode: (fileName: string) => number | undefined = () => undefined): Promise<string[]> {
  if (process.platform === 'win32') return [];
  const loose: string[] = [];
  const report = (path: string, mode: number) => {
    if ((mode & 0o077) !== 0) loose.push(`${path} (${mode.toString(8).padStart(4, '0')})`);
  };
  const check = async (path: string) => {
    try {
      report(path, (await stat(path)).mode & 0o777);
    } catch {
      // Missing: nothing to protect.
    }
  };
  await check(dataDir);
  await check(join(dataDir, 'accounts'));
  await check(join(dataDir, 'gui_config.json'));
  await check(join(dataDir, 'proxy_logs.db'));
  let names: string[] = [];
  try {
    names = await readdir(join(dataDir, 'accounts'));
  } catch {
    names = [];
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const known = knownMode(name);
    if (known === undefined) await check(join(dataDir, 'accounts', name));
    else if ((known & 0o077) !== 0) report(join(dataDir, 'accounts', name), known);
  }
  return loose;
}
