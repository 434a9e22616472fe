/**
 * The engine's writer thread (a build entry of its own: electron.vite.config.ts, vite.tools.config.mts): its
 * own connection at synchronous = FULL runs the engine's durable writes (engine-writes.ts) as they arrive.
 */
import { serveWrites } from '../store/writer-runtime';
import { engineWrites } from './engine-writes';

// A settlement lost to a power cut leaves its attempt open, which is looked up before any resend
// (writer-runtime.ts): settlement-only batches need not wait for a sync.
serveWrites(engineWrites, { relaxed: new Set(['settle']) });
