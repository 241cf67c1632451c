// Builds the renderer (renderer/ → dist/renderer) for Electron's file:// window and for
// `subflow serve`: relative asset paths, no inline scripts (the pages run under a strict CSP).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
