import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/e2e-helpers.js';
import { clientsDirectory } from '../install-clients.mjs';
import type { ClientExchange, ClientWorkspace } from './start-client-stack.js';

/** Where the recorded request bodies go: `bench/fixtures/clients/` (used by the performance work, issue #11). */
export const CLIENT_FIXTURES_DIR = join(REPO_ROOT, 'bench', 'fixtures', 'clients');

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'host', 'content-length', 'connection']);

/**
 * With `AGT_RECORD_FIXTURES=1`, writes one request a real client sent (route, headers without credentials, body) to
 * `bench/fixtures/clients/<name>.json`, scrubbed: the temporary paths become `/home/user[/project]`, ids (UUIDs,
 * long hex, OpenCode session ids) become zeros, and keys `sk-REDACTED`. Without the variable it does nothing, so
 * the suite never rewrites tracked files by itself.
 */
export async function recordClientFixture(name: string, client: string, exchange: ClientExchange | undefined, workspace: ClientWorkspace): Promise<void> {
  if (process.env.AGT_RECORD_FIXTURES !== '1' || exchange === undefined) return;
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries(exchange.requestHeaders)) {
    if (!SECRET_HEADERS.has(header) && value !== undefined) headers[header] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown = exchange.requestBody;
  try {
    body = JSON.parse(exchange.requestBody);
  } catch {
    // kept as text
  }
  const fixture = { client, method: exchange.method, path: exchange.path, headers, body };
  await mkdir(CLIENT_FIXTURES_DIR, { recursive: true });
  await writeFile(join(CLIENT_FIXTURES_DIR, `${name}.json`), `${scrub(JSON.stringify(fixture, null, 2), workspace)}\n`);
}

export function scrub(text: string, workspace: ClientWorkspace): string {
  const root = workspace.home.replace(/\/home$/, '');
  return text
    .split(workspace.cwd)
    .join('/home/user/project')
    .split(workspace.home)
    .join('/home/user')
    .split(root)
    .join('/home/user')
    .split(clientsDirectory())
    .join('/home/user/.cache/agt-clients')
    // Claude Code names its per-project folder after the path; the simulator's thought quotes 40 characters of it.
    .replace(/-tmp-agt-clients-[A-Za-z0-9]+-[A-Za-z0-9.-]*?-project/g, '-home-user-project')
    .replace(/\/tmp\/agt-cl[A-Za-z0-9/_.-]*/g, '/home/user/project')
    .split(homedir())
    .join('/home/user')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '00000000-0000-4000-8000-000000000000')
    .replace(/\b[0-9a-f]{40,}\b/gi, (hex) => '0'.repeat(hex.length))
    .replace(/\b(ses|msg|prt|call|toolu)_[A-Za-z0-9]{10,}/g, '$1_redacted')
    .replace(/sk-[A-Za-z0-9-]{8,}/g, 'sk-REDACTED');
}
