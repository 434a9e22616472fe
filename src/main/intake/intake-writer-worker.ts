/**
 * Intake's writer thread (a build entry of its own: electron.vite.config.ts, vite.tools.config.mts): its own
 * connection at synchronous = FULL stores screened webhooks (intake-writes.ts) as they arrive.
 */
import { serveWrites } from '../store/writer-runtime';
import { intakeWrites } from './intake-writes';

serveWrites(intakeWrites);
