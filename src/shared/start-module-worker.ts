import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on one of agt's modules, named by the URL of its built file
 * (`new URL('./x.worker.js', import.meta.url)`). Built (`dist/`), that file exists and runs as it is. Run from the
 * TypeScript sources (vitest), only `x.worker.ts` is there: the worker runs it through
 * `scripts/typescript-worker-hooks.mjs`, which transpiles each `.ts` module the worker imports.
 */
export function startModuleWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.js') || fs.existsSync(fileURLToPath(moduleUrl))) return new Worker(moduleUrl, options);
  const sourceUrl = new URL(moduleUrl.href.replace(/\.js$/, '.ts'));
  if (!fs.existsSync(fileURLToPath(sourceUrl))) throw new Error(`No worker module at ${fileURLToPath(moduleUrl)}`);
  const hooksUrl = new URL('../../scripts/typescript-worker-hooks.mjs', import.meta.url);
  const registerHooks = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hooksUrl.href)});`;
  return new Worker(sourceUrl, { ...options, execArgv: [...(options.execArgv ?? []), '--import', registerHooks] });
}
