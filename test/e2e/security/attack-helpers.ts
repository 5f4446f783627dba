import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../../support/start-test-gateway.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface ModeCase {
  name: string;
  authMode: 'off' | 'strict' | 'all_except_health' | 'auto';
  allowLanAccess: boolean;
}

/** Every auth_mode, and `auto` both ways (loopback → off, LAN → all_except_health). */
export const MODES: ModeCase[] = [
  { name: 'off', authMode: 'off', allowLanAccess: false },
  { name: 'strict', authMode: 'strict', allowLanAccess: false },
  { name: 'all_except_health', authMode: 'all_except_health', allowLanAccess: false },
  { name: 'auto (loopback)', authMode: 'auto', allowLanAccess: false },
  { name: 'auto (LAN access)', authMode: 'auto', allowLanAccess: true },
];

export async function startModeGateway(mode: ModeCase, env: Record<string, string> = {}): Promise<TestGateway> {
  // The key is the saved one, which the admin API can regenerate: an attack that reached that handler would change it.
  return startTestGateway({ accounts: 1, apiKeyIn: 'file', flags: { authMode: mode.authMode, allowLanAccess: mode.allowLanAccess, adminPassword: ADMIN_PASSWORD }, env });
}

export function portOf(test: TestGateway): number {
  return Number(new URL(test.baseUrl).port);
}

/** The files an attack could change: gui_config.json and the account files, by name. */
export async function snapshotState(dataDir: string): Promise<Record<string, string>> {
  const state: Record<string, string> = { 'gui_config.json': await readFile(join(dataDir, 'gui_config.json'), 'utf8').catch(() => '(none)') };
  for (const name of (await readdir(join(dataDir, 'accounts'))).sort()) {
    if (name.endsWith('.json')) state[`accounts/${name}`] = await readFile(join(dataDir, 'accounts', name), 'utf8');
  }
  return state;
}

/** Text that must never appear in an answer to an attacker: the keys, the password, account emails, tokens. */
export function findLeak(test: TestGateway, text: string): string | null {
  const secrets = [test.apiKey, ADMIN_PASSWORD, ...test.emails, 'sim-rt-', 'sim-at-', '"api_key"', 'refresh_token'];
  return secrets.find((secret) => text.includes(secret)) ?? null;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}
