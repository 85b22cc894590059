import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The web page: built into dist/web, which the gateway (nginx) serves at /. JSX is compiled by
// Vite's own transform (the automatic runtime from tsconfig.json); no dev-server plugin needed.
export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: resolve(here, '..', '..', 'dist', 'web'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npm run web:dev`: the API through the local gateway.
    proxy: { '/api': 'http://127.0.0.1:8080', '/order': 'http://127.0.0.1:8080', '/orderdetails': 'http://127.0.0.1:8080' },
  },
});
