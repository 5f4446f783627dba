/**
 * Module hooks for a worker thread started on agt's TypeScript sources (src/shared/start-module-worker.ts), which
 * is what happens under vitest: the built `dist/` has `.js` files and never needs this. A relative `./x.js` import
 * whose file does not exist resolves to `./x.ts` beside it, and each `.ts` module is transpiled (types removed) with
 * the project's own TypeScript. Transpiled text is kept in `node_modules/.cache/` by the hash of its path and source,
 * so TypeScript (half a second to load) is only loaded when a source changed. (Not in the shared temp directory,
 * where another user could leave a file under a name this would then run.)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const PACKAGE_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CACHE_DIRECTORY = join(PACKAGE_ROOT, 'node_modules', '.cache', 'agt-typescript-worker');
let typescript = null;

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith('.js') && /^(\.{1,2}\/|file:)/.test(specifier) && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) {
      const sourceUrl = new URL(url.href.replace(/\.js$/, '.ts'));
      if (existsSync(fileURLToPath(sourceUrl))) return { url: sourceUrl.href, format: 'module', shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  return { format: 'module', source: transpile(file, source), shortCircuit: true };
}

function transpile(file, source) {
  const key = createHash('sha256').update(file).update('\0').update(source).digest('hex');
  const cached = join(CACHE_DIRECTORY, `${key}.mjs`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // Not transpiled yet.
  }
  typescript ??= require('typescript');
  const { outputText } = typescript.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
    },
  });
  try {
    mkdirSync(CACHE_DIRECTORY, { recursive: true });
    // Written aside and renamed, so a worker starting at the same time never reads half a file.
    const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
  } catch {
    // A cache that cannot be written only costs the next start the transpile.
  }
  return outputText;
}
