/**
 * The engine's writer thread (a build entry of its own: electron.vite.config.ts, vite.tools.config.mts): its
 * own connection at synchronous = FULL runs the engine's durable writes (engine-writes.ts) as they arrive.
 */
import { lowerThreadPriority } from '../lib/thread-priority';
import { serveWrites } from '../store/writer-runtime';
import { engineWrites } from './engine-writes';

// Nobody waits on this thread while it commits: a settlement's slot was given back when its answer came, and
// a claim is made while the items claimed before it are still being sent. Under load it yields the cores to
// the threads that are waited on (lib/thread-priority.ts); alone on a machine it runs as before.
lowerThreadPriority();

// A settlement lost to a power cut leaves its attempt open, which is looked up before any resend
// (writer-runtime.ts): settlement-only batches need not wait for a sync.
serveWrites(engineWrites, { relaxed: new Set(['settle']) });
