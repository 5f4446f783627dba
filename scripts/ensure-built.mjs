// Builds dist/ when it is missing or older than the sources, so `npm start` works right after `npm ci`.
import { execSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = 'dist/src/main.js';
const stale = !existsSync(built) || statSync(built).mtimeMs < newest('src');
if (stale) execSync('npm run build --silent', { stdio: 'inherit' });
if (existsSync('web/index.html') && (!existsSync('web/dist/index.html') || statSync('web/dist/index.html').mtimeMs < newest('web/src'))) {
  execSync('npm run build:web --silent', { stdio: 'inherit' });
}
