// Bundles the compiled CLI (dist/src/main.js, from tsc) with agt's own modules and zod into one file plus lazily loaded
// chunks, so `agt serve` starts without resolving and linking some 400 ES modules one by one (about 0.2 s and 10 MB of
// its start, README "Performance"). Packages with CommonJS or native code (fastify, undici, pino, better-sqlite3,
// commander) stay imports from node_modules. The other dist/src files stay as tsc wrote them (tests and the bench import
// them). `npm run build` runs tsc first, which rewrites dist/src/main.js; this refuses to bundle its own output.
import { readFileSync, rmSync } from 'node:fs';

const BANNER = '// agt CLI bundle (rolldown.config.mjs)';
const entry = 'dist/src/main.js';
if (readFileSync(entry, 'utf8').includes(BANNER)) {
  throw new Error(`${entry} is already a bundle: run tsc -p tsconfig.build.json first (npm run build does both)`);
}
rmSync('dist/src/chunks', { recursive: true, force: true });

/** Bundled: relative imports (agt's modules) and zod (plain ES modules, about a hundred of them). */
function isExternal(id) {
  if (id.startsWith('.') || id.startsWith('/')) return false;
  return !(id === 'zod' || id.startsWith('zod/'));
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
