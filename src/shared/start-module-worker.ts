import fs from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { findPackageRoot } from './find-package-root.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const PACKAGE_ROOT = findPackageRoot(dirname(THIS_FILE));
/** Running from the TypeScript sources (vitest) rather than from dist/ (tsc's output or the bundle). */
const FROM_SOURCES = THIS_FILE.endsWith('.ts');

/**
 * Starts a worker thread on one of agt's modules, named by its path under `src/` without extension
 * (`observability/request-log-writer.worker`). Built, that is tsc's `dist/src/<module>.js` — also when the calling
 * code runs from the bundle in `dist/src/chunks/`, whose own URL says nothing of where the module is. From the
 * TypeScript sources (vitest), it is `src/<module>.ts`, run through `scripts/typescript-worker-hooks.mjs`, which
 * transpiles each `.ts` module the worker imports. Throws when the module is not there.
 */
export function startModuleWorker(modulePath: string, options: WorkerOptions = {}): Worker {
  if (!FROM_SOURCES) return new Worker(pathToFileURL(requireFile(join(PACKAGE_ROOT, 'dist', 'src', `${modulePath}.js`))), options);
  const source = requireFile(join(PACKAGE_ROOT, 'src', `${modulePath}.ts`));
  const hooksUrl = pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'typescript-worker-hooks.mjs'));
  const registerHooks = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hooksUrl.href)});`;
  return new Worker(pathToFileURL(source), { ...options, execArgv: [...(options.execArgv ?? []), '--import', registerHooks] });
}

function requireFile(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`No worker module at ${file}`);
  return file;
}
