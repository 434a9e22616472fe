/**
 * The engine's writer thread (a build entry of its own: electron.vite.config.ts, vite.tools.config.mts): its
 * own connection at synchronous = FULL runs the engine's durable writes (engine-writes.ts) as they arrive.
 */
import { serveWrites } from '../store/writer-runtime';
import { engineWrites } from './engine-writes';

serveWrites(engineWrites);
