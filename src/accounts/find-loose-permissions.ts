import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TimeSlice } from '../shared/time-slice.js';

/** The account files are statted synchronously for this long between event-loop turns. */
const STAT_SLICE_MS = 4;

/**
 * Paths of the data directory that other users of the machine can read or write: the directory itself, `accounts/`,
 * the account files (refresh tokens), `gui_config.json` (API key, admin password) and the request log database.
 * agt creates them private (0700 / 0600); a directory made by another tool or an old umask may be wider. Each entry
 * is `path (mode)`. Empty on platforms without POSIX modes. Ten thousand account files are ten thousand stats: they
 * run in slices between event-loop turns (the gateway serves meanwhile), and `isStopped` ends the check early.
 */
export async function findLoosePermissions(dataDir: string, isStopped: () => boolean = () => false): Promise<string[]> {
  if (process.platform === 'win32') return [];
  const loose: string[] = [];
  const check = (path: string) => {
    // Missing (or gone since it was listed): nothing to protect.
    const mode = (statSync(path, { throwIfNoEntry: false })?.mode ?? 0) & 0o777;
    if ((mode & 0o077) !== 0) loose.push(`${path} (${mode.toString(8).padStart(4, '0')})`);
  };
  const accountsDir = join(dataDir, 'accounts');
  for (const path of [dataDir, accountsDir, join(dataDir, 'gui_config.json'), join(dataDir, 'proxy_logs.db')]) check(path);
  let names: string[] = [];
  try {
    names = readdirSync(accountsDir);
  } catch {
    names = [];
  }
  const slice = new TimeSlice(STAT_SLICE_MS);
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    if (slice.isOver()) {
      await slice.next();
      if (isStopped()) break;
    }
    check(join(accountsDir, name));
  }
  return loose;
}
