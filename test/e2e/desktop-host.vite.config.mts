import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the end-to-end desktop host (desktop-host-process.ts) for plain Node, bundled like the app's main
 * process (SQL migrations included; the engine's and intake's writer threads and the export worker beside
 * it), dependencies left to node_modules.
 */
const root = resolve(import.meta.dirname, '..', '..');
export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: resolve(root, 'out', 'desktop-host'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: {
      input: {
        'desktop-host': resolve(import.meta.dirname, 'desktop-host-process.ts'),
        'export-worker': resolve(root, 'src/main/reconciliation/export-worker.ts'),
        'engine-writer': resolve(root, 'src/main/engine/engine-writer-worker.ts'),
        'intake-writer': resolve(root, 'src/main/intake/intake-writer-worker.ts'),
      },
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
});
