import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The dashboard's unit tests: `npx vitest run --config web/vitest.config.ts`. The root config only covers src/ and test/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
  },
});
