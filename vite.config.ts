/**
 * Builds the Manifest V3 extension into dist/: a module service worker, the popup (React 19) and a
 * content script built standalone (IIFE, no loader) so that no chunk must be web-accessible.
 */
import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import manifest from './manifest.config.ts';

export default defineConfig({
  plugins: [
    react(),
    crx({ manifest, contentScripts: { standaloneFiles: ['extension/content/main.ts'] } }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome120',
    rollupOptions: { input: { offscreen: 'extension/offscreen/index.html', import: 'extension/popup/import.html', passkeys: 'extension/popup/passkeys.html', join: 'extension/popup/join.html' } },
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
