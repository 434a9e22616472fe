import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the developer tools in bench/ (chaos soak, benchmarks) for plain Node: bundled like the app's
 * main process (SQL migrations included), dependencies left to node_modules.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/tools',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: {
      input: {
        chaos: resolve(import.meta.dirname, 'bench/chaos/chaos.ts'),
        'chaos-engine': resolve(import.meta.dirname, 'bench/chaos/engine-process.ts'),
        'bench-posting': resolve(import.meta.dirname, 'bench/posting/posting.ts'),
        'bench-sim': resolve(import.meta.dirname, 'bench/posting/sim-process.ts'),
        // The app's report exports run on a worker thread that loads this file from beside the tools.
        'export-worker': resolve(import.meta.dirname, 'src/main/reconciliation/export-worker.ts'),
        // The engine's writer thread, likewise.
        'engine-writer': resolve(import.meta.dirname, 'src/main/engine/engine-writer-worker.ts'),
        'intake-writer': resolve(import.meta.dirname, 'src/main/intake/intake-writer-worker.ts'),
      },
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
});
