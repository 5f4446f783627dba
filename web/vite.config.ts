import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
/** Where `vite` (dev server) forwards admin API calls; the gateway's default address. */
const gatewayUrl = process.env.AGT_GATEWAY_URL ?? 'http://127.0.0.1:8045';

// The gateway serves web/dist at `/` (index.html for `/`, files under `/assets/`); the dashboard routes by hash,
// so relative asset URLs work wherever the page is mounted.
export default defineConfig({
  root: webRoot,
  base: './',
  plugins: [preact({ reactAliasesEnabled: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: gatewayUrl, changeOrigin: false },
      '/auth': { target: gatewayUrl, changeOrigin: false },
    },
  },
});
