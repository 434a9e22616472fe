/**
 * The Oracle Health simulator in a process of its own for the posting benchmark: the EHR is a remote server,
 * and sharing the engine's thread would charge the simulator's own work (its ledger's fsyncs) to whichever
 * client is being measured. Prints one JSON line with its address, then serves until SIGTERM.
 *
 *   node out/tools/bench-sim.cjs <dataDir> <latencyMs>
 */
import { join } from 'node:path';
import pino from 'pino';
import { systemClock } from '../../src/main/clock';
import { startOracleSim } from '../../src/main/sandbox';
import { createSandboxWorld, SANDBOX_ORACLE_ALIAS_KINDS } from '../../src/main/sandbox/world';

async function main(): Promise<void> {
  const [dataDir, latency] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: bench-sim <dataDir> <latencyMs>');
  const world = createSandboxWorld(3, 50);
  const sim = await startOracleSim({
    ledgerPath: join(dataDir, 'ledger.sqlite'),
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    clientId: 'bench',
    clientSecret: 'bench-secret',
    timeZone: 'America/Chicago',
    directory: world.directories.oracle_health,
    aliases: SANDBOX_ORACLE_ALIAS_KINDS,
  });
  sim.faults.configure({ latencyMs: Number(latency ?? 5) });
  process.stdout.write(
    `${JSON.stringify({ baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl, clientId: sim.clientId, clientSecret: sim.clientSecret })}\n`,
  );
  process.once('SIGTERM', () => {
    void sim.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
