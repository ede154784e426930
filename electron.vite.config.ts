// Builds the three Electron bundles; the main bundle also carries the headless server entry,
// so `npm run web` and the desktop app run the very same core.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/server/main.ts'),
          // The `switchyard` command line (bin/switchyard.mjs runs it): out/main/cli.js.
          cli: resolve(__dirname, 'src/cli/main.ts'),
          // The SQLite writer thread, started by path (src/core/store/transcript-worker-start.ts): out/main/transcript-worker.js.
          'transcript-worker': resolve(__dirname, 'src/core/store/transcript-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    plugins: [react()],
  },
});
