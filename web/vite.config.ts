import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API server from web/dist. In development Vite proxies /api to the
// server, which must then be started with PUBLIC_URL=http://localhost:5173 (the Origin it checks).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // The package without its English catalogues: web/src/i18n/catalogues.ts loads them with the
    // language, so a page in the default zh-CN carries one language's phrases.
    alias: [{ find: /^@devplat\/common$/, replacement: path.resolve(import.meta.dirname, '../common/src/core.ts') }],
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/healthz': { target: 'http://127.0.0.1:3000' },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The phone check shares the server's full libphonenumber metadata (common/src/phone.ts, ~80 kB more).
    // scripts/bundle-budget.mjs reads the manifest for the per-route gzip budget.
    manifest: true,
    chunkSizeWarningLimit: 1700,
  },
});
