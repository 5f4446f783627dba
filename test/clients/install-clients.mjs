#!/usr/bin/env node
/**
 * Installs the real AI clients the client suite runs (versions pinned in `client-versions.json`) into a cache
 * directory, never globally: `$AGT_CLIENTS_DIR`, default `~/.cache/agt-clients`, one npm prefix per client and
 * version. What is already installed and answers `--version` with its pinned version is left alone, so a second run
 * costs nothing. Plain JavaScript so `.ci/run` can call it before anything is built; the suite calls it too.
 *
 *   node test/clients/install-clients.mjs                      install what is missing (all clients)
 *   node test/clients/install-clients.mjs codex gemini-cli     only these
 *   node test/clients/install-clients.mjs --bump codex=0.170.0 pin another version (a comma list for several)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
export const VERSIONS_FILE = join(HERE, 'client-versions.json');
const STAMP = '.agt-installed';
const LOCK_STALE_MS = 10 * 60_000;

/** Where the clients live: `$AGT_CLIENTS_DIR`, default `~/.cache/agt-clients`. */
export function clientsDirectory() {
  return process.env.AGT_CLIENTS_DIR || join(homedir(), '.cache', 'agt-clients');
}

/** The pinned clients: `{ key: { package, bin, versions } }`. */
export async function readClientVersions() {
  return JSON.parse(await readFile(VERSIONS_FILE, 'utf8'));
}

/** The executable of one installed client version (it may not exist yet). */
export function clientBinary(key, entry, version) {
  return join(clientsDirectory(), `${key}@${version}`, 'node_modules', '.bin', entry.bin);
}

/**
 * Installs one client version unless it is there already, then checks `--version` names the pinned version.
 * Returns the executable's path. Safe to call from several processes at once (a lock directory per version).
 */
export async function ensureClientInstalled(key, version, log = (line) => process.stderr.write(`${line}\n`)) {
  const clients = await readClientVersions();
  const entry = clients[key];
  if (entry === undefined) throw new Error(`unknown client "${key}"; known: ${Object.keys(clients).join(', ')}`);
  const wanted = version ?? entry.versions[0];
  const prefix = join(clientsDirectory(), `${key}@${wanted}`);
  const binary = clientBinary(key, entry, wanted);
  if (await isInstalled(prefix, wanted)) return binary;
  await mkdir(clientsDirectory(), { recursive: true });
  const release = await lock(`${prefix}.lock`);
  try {
    if (await isInstalled(prefix, wanted)) return binary;
    log(`agt client suite: installing ${entry.package}@${wanted} into ${prefix} (once; later runs reuse it)`);
    await rm(prefix, { recursive: true, force: true });
    await mkdir(prefix, { recursive: true });
    await writeFile(join(prefix, 'package.json'), '{ "private": true }\n');
    await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${entry.package}@${wanted}`], {
      cwd: prefix,
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (entry.companions?.length > 0) await installCompanions(prefix, entry.companions, wanted);
    const { stdout } = await run(binary, ['--version'], { cwd: prefix, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    if (!stdout.includes(wanted)) throw new Error(`${binary} --version printed "${stdout.trim()}", expected ${wanted}`);
    await writeFile(join(prefix, STAMP), `${wanted}\n`);
    return binary;
  } finally {
    await release();
  }
}

/**
 * Packages a client would fetch from the npm registry on its own at run time (OpenCode installs `@opencode-ai/plugin`
 * into its config directory on every start), installed here at the client's version into `<prefix>/companions`, with
 * a lock file, so the suite can hand them over and the client never goes to the network for them.
 */
async function installCompanions(prefix, names, version) {
  const directory = join(prefix, 'companions');
  await mkdir(directory, { recursive: true });
  const dependencies = Object.fromEntries(names.map((name) => [name, version]));
  await writeFile(join(directory, 'package.json'), `${JSON.stringify({ dependencies }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: directory,
    timeout: 10 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** `<prefix>/companions` of an installed client version (see installCompanions). */
export function clientCompanionsDirectory(key, version) {
  return join(clientsDirectory(), `${key}@${version}`, 'companions');
}

async function isInstalled(prefix, version) {
  try {
    return (await readFile(join(prefix, STAMP), 'utf8')).trim() === version;
  } catch {
    return false;
  }
}

/** A directory as a cross-process lock; a lock older than LOCK_STALE_MS is taken over (its holder died). */
async function lock(path) {
  for (;;) {
    try {
      await mkdir(path);
      return () => rm(path, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = await stat(path).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await rm(path, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 500));
    }
  }
}

async function main(argv) {
  const bump = argv.indexOf('--bump');
  if (bump !== -1) {
    const [key, list] = String(argv[bump + 1] ?? '').split('=');
    const clients = await readClientVersions();
    if (clients[key] === undefined || !list) throw new Error('usage: --bump <client>=<version>[,<version>]');
    clients[key].versions = list.split(',');
    const lines = Object.entries(clients).map(([name, entry]) => `  ${JSON.stringify(name)}: ${JSON.stringify(entry).replace(/,"/g, ', "').replace(/":/g, '": ').replace(/^\{/, '{ ').replace(/\}$/, ' }')}`);
    await writeFile(VERSIONS_FILE, `{\n${lines.join(',\n')}\n}\n`);
    console.log(`${key} pinned to ${list}`);
    return;
  }
  const clients = await readClientVersions();
  const keys = argv.length > 0 ? argv : Object.keys(clients);
  for (const key of keys) {
    for (const version of clients[key]?.versions ?? [undefined]) {
      const binary = await ensureClientInstalled(key, version);
      console.log(`${key}@${version}: ${existsSync(binary) ? binary : 'missing'}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`install-clients: ${error.message}`);
    process.exit(1);
  });
}
