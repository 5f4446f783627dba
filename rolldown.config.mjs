// Bundles the compiled CLI (dist/src/main.js, from tsc) with agt's own modules and the packages it loads at start into one
// file plus lazily loaded chunks, so `agt serve` starts without resolving, reading and linking some 650 modules one by one
// (README "Performance"). The other dist/src files stay as tsc wrote them (tests and the bench import them).
// `npm run build` runs tsc first, which rewrites dist/src/main.js; this refuses to bundle its own output.
import { readFileSync, rmSync } from 'node:fs';

const BANNER = '// agt CLI bundle (rolldown.config.mjs)';
const entry = 'dist/src/main.js';
if (readFileSync(entry, 'utf8').includes(BANNER)) {
  throw new Error(`${entry} is already a bundle: run tsc -p tsconfig.build.json first (npm run build does both)`);
}
rmSync('dist/src/chunks', { recursive: true, force: true });

/**
 * Bundled: agt's modules and the packages the gateway loads at start, CommonJS ones included (fastify, pino, commander,
 * zod and their dependencies: some 250 files that node would otherwise find, read and wrap one by one). Left outside:
 * better-sqlite3 (native code, found through its own path); undici, whose modules agt imports one by one
 * (src/google/undici-parts.ts: bundled, they brought 440 KB of code the gateway never runs, and measured no faster);
 * and what fastify requires only when used — its schema compilers (ajv) and `inject` — so their code is not read at
 * start; node finds them from the bundle's directory, in the package's own node_modules. pino's transports (worker
 * threads it finds by `__dirname`) would not work from the bundle: agt uses none (src/observability/logger.ts).
 */
const EXTERNAL_PACKAGES = ['better-sqlite3', 'undici', 'light-my-request', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];
function isExternal(id) {
  if (id.startsWith('.') || id.startsWith('/')) return false;
  return EXTERNAL_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));
}

export default {
  input: entry,
  platform: 'node',
  external: isExternal,
  output: {
    dir: 'dist/src',
    format: 'esm',
    entryFileNames: 'main.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    banner: BANNER,
    sourcemap: true,
    // V8 keeps a module's source for as long as the process lives, and one character above U+00FF in it makes V8 store
    // the whole source at two bytes a character. Non-ASCII characters in code (agt's messages have "…", "→", "—") are
    // written as escapes, and JSDoc comments (where the rest of them are) are left out: about 1 MB less (README
    // "Performance"). The source maps still point at the TypeScript.
    charset: 'ascii',
    comments: { legal: true, annotation: true, jsdoc: false },
  },
};
