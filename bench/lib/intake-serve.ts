/**
 * Serve mode as the webhook benchmarks run it: intake only, on a free loopback port, no renderer, no sandbox,
 * the benchmarks' one subscription. The engine is not started: it would post the stored events and compete
 * for the CPU the benchmarks measure intake by.
 */
import { join } from 'node:path';
import { startServe, type RunningServe } from '../../src/main/serve';
import { SUBSCRIPTION } from './signed-webhooks';

/** Starts serve mode with its data in `dir`/serve. */
export function startIntakeServe(dir: string): Promise<RunningServe> {
  return startServe({
    dataDir: join(dir, 'serve'),
    port: 0,
    rendererDir: null,
    sandbox: false,
    webhookSubscriptions: [SUBSCRIPTION],
    engine: { autoStart: false },
  });
}
