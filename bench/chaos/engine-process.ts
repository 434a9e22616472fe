/**
 * The engine process the chaos soak kills: a Clearpost core with the engine running against the
 * simulators the driver owns, nothing else. It runs until it is killed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createApp } from '../../src/main/app';
import type { EhrConnectionInput } from '../../src/main/connectors/ehr';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, connections: { type: 'string' } },
  strict: true,
});
if (!values['data-dir'] || !values.connections) throw new Error('--data-dir and --connections are required');

const connections = JSON.parse(readFileSync(values.connections, 'utf8')) as EhrConnectionInput[];
void createApp({
  dataDir: values['data-dir'],
  mode: 'test',
  logger: pino({ level: 'silent' }),
  connections,
  engine: {
    pollMs: 50,
    // A short configured lease (chaos.ts LEASE_MS): the engine lengthens it past the connections' timeouts and
    // renews it while requests are in flight; a restarted engine holds the folder lock and recovers at once.
    leaseMs: 2_000,
    backoff: { backoffBaseMs: 100, backoffMaxMs: 1_000 },
    endpoint: { concurrency: 16, breaker: { failures: 8, halfOpenAfterMs: 300 } },
  },
}).then(() => {
  // The engine's timers do not hold the process open (the app's windows and servers do); here, this does.
  setInterval(() => undefined, 60_000);
  process.stdout.write('engine ready\n');
});
