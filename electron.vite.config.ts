import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The Electron host and the command line share one bundle of the core.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // Report files are written on a worker thread, which loads this file from beside the bundle.
          'export-worker': resolve(__dirname, 'src/main/reconciliation/export-worker.ts'),
          // The engine's durable writes run on a writer thread (engine/engine-writer.ts) loading this file.
          'engine-writer': resolve(__dirname, 'src/main/engine/engine-writer-worker.ts'),
          // Webhooks are stored on intake's own writer thread (intake/intake-writer.ts).
          'intake-writer': resolve(__dirname, 'src/main/intake/intake-writer-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Relative asset URLs work both from file:// in Electron and from serve mode.
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: {
        input: resolve(__dirname, 'src/renderer/index.html'),
        onwarn(warning, warn) {
          // react-router marks its modules "use client" for server components; irrelevant in a client bundle.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
    oxc: { jsx: { runtime: 'automatic' } },
  },
});
