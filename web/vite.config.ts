import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API server from web/dist. In development Vite proxies /api to the
// server, which must then be started with PUBLIC_URL=http://localhost:5173 (the Origin it checks).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
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
