// Bundles electron/preload.ts (with the contract's name lists and the IPC channel names) into one
// CommonJS file, dist/electron/preload.cjs: a sandboxed preload can only require('electron'),
// not ES modules or other files of ours. Run by `npm run build` after tsc:
//   vite build --config build/preload.vite.config.mjs
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist/electron',
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    target: 'chrome140',
    lib: {
      entry: 'electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: { external: ['electron'] },
  },
});
