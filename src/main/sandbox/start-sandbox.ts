/**
 * Starts the embedded sandbox: both simulators on loopback (durable ledgers under the data folder, or in
 * memory), the connection settings that point Clearpost at them, and optionally the traffic generator.
 * The sandbox is what a new user meets with no configuration; settings switch a connection to a real EHR.
 */
import { join } from 'node:path';
import type { EhrConnectionInput } from '../connectors/ehr/config';
import { systemClock, type Clock } from '../clock';
import { createLogger, type Logger } from '../logger';
import type { DuplicatePolicy } from './answers';
import { startSandboxProcessor, type SandboxProcessor } from './cybersource/sandbox-processor';
import { startEpicSim } from './epic/epic-sim';
import { startOracleSim } from './oracle/oracle-sim';
import type { Simulator } from './sim-server';
import { createTrafficGenerator, type GeneratedPayment, type TrafficGenerator } from './traffic-generator';
import {
  createSandboxWorld,
  SANDBOX_FACILITIES,
  SANDBOX_ORACLE_ALIAS_KINDS,
  SANDBOX_ORACLE_ALIASES,
  SANDBOX_TIME_ZONE,
  type SandboxWorld,
} from './world';

export interface SandboxOptions {
  /** Ledgers go to `<dataDir>/sandbox/*.sqlite`; without one they live in memory. */
  readonly dataDir?: string | null;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly seed?: number;
  /**
   * Seed of the synthetic traffic alone (the world of guarantors stays that of `seed`): a kept data folder
   * restarted with a fresh traffic seed gets new transaction ids instead of replaying the old ones.
   */
  readonly trafficSeed?: number;
  readonly ports?: { readonly oracle?: number; readonly epic?: number; readonly cybersource?: number };
  /**
   * What each simulator does with a repeated external id. Oracle Health defaults to creating a second
   * transaction, as Millennium does (no duplicate detection is documented); `reject` is an opt-in.
   */
  readonly duplicatePolicy?: { readonly oracle?: DuplicatePolicy; readonly epic?: DuplicatePolicy };
  /**
   * Synthetic processor traffic. Omitted or false: simulators only (`--no-traffic`, `clearpost sandbox`).
   * The consumer receives canonical events; the generator starts at once with a small burst so payments
   * appear within the first minute.
   */
  readonly traffic?:
    | false
    | {
        readonly onEvent: (payment: GeneratedPayment) => void;
        readonly ratePerMinute?: number;
        readonly initialBurst?: number;
        /** Share of processor notifications lost on the way (backfill brings them in); default none. */
        readonly dropRate?: number;
      };
  /**
   * Sandbox credentials. Fixed defaults so a connection can be pointed at `npm run sandbox` by hand; the
   * simulators listen on loopback only and hold synthetic data only.
   */
  readonly credentials?: { readonly clientId: string; readonly clientSecret: string };
}

export interface RunningSandbox {
  readonly oracle: Simulator;
  readonly epic: Simulator;
  readonly world: SandboxWorld;
  /** Connection settings pointing at the simulators (ids `sandbox-oracle-health`, `sandbox-epic`). */
  readonly connections: readonly EhrConnectionInput[];
  readonly traffic: TrafficGenerator | null;
  /** The simulated Cybersource (reports, replays) and the backfill plan that points at it. */
  readonly cybersource: SandboxProcessor;
  /** `Sandbox oracle-health: <url>`, `Sandbox epic: <url>`, `Sandbox cybersource: <url>`, one line each. */
  readonly bannerLines: readonly string[];
  stop(): Promise<void>;
}

export const SANDBOX_CONNECTION_IDS = {
  oracle_health: 'sandbox-oracle-health',
  epic: 'sandbox-epic',
} as const;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(null);
  const world = createSandboxWorld(options.seed ?? 7);
  const ledgerPath = (name: string) =>
    options.dataDir ? join(options.dataDir, 'sandbox', `${name}-ledger.sqlite`) : ':memory:';
  const oracleCredentials = options.credentials ?? {
    clientId: 'clearpost-sandbox',
    clientSecret: 'sandbox-only-oracle-secret',
  };
  const epicCredentials = options.credentials ?? {
    clientId: 'clearpost-sandbox',
    clientSecret: 'sandbox-only-epic-secret',
  };
  const seed = options.seed ?? 7;

  const oracle = await startOracleSim({
    ledgerPath: ledgerPath('oracle-health'),
    clock,
    logger,
    seed,
    port: options.ports?.oracle ?? 0,
    aliases: SANDBOX_ORACLE_ALIAS_KINDS,
    directory: world.directories.oracle_health,
    timeZone: SANDBOX_TIME_ZONE,
    ...oracleCredentials,
    ...(options.duplicatePolicy?.oracle ? { duplicatePolicy: options.duplicatePolicy.oracle } : {}),
  });
  let epic: Simulator;
  try {
    epic = await startEpicSim({
      ledgerPath: ledgerPath('epic'),
      clock,
      logger,
      seed: seed + 1,
      port: options.ports?.epic ?? 0,
      directory: world.directories.epic,
      timeZone: SANDBOX_TIME_ZONE,
      ...epicCredentials,
      ...(options.duplicatePolicy?.epic ? { duplicatePolicy: options.duplicatePolicy.epic } : {}),
    });
  } catch (error) {
    await oracle.close();
    throw error;
  }

  const oracleSites = Object.fromEntries(
    SANDBOX_FACILITIES.filter((f) => f.ehr === 'oracle_health').map((f) => [
      f.code,
      {
        aliases: {
          one_time_payment: SANDBOX_ORACLE_ALIASES.one_time_payment,
          payment_plan: SANDBOX_ORACLE_ALIASES.payment_plan,
        },
        reversalAlias: SANDBOX_ORACLE_ALIASES.reversal,
        refundAlias: SANDBOX_ORACLE_ALIASES.refund,
        chargebackAlias: SANDBOX_ORACLE_ALIASES.chargeback,
        returnAlias: SANDBOX_ORACLE_ALIASES.echeck_return,
      },
    ]),
  );
  const connections: EhrConnectionInput[] = [
    {
      id: SANDBOX_CONNECTION_IDS.oracle_health,
      name: 'Oracle Health (sandbox)',
      ehr: 'oracle_health',
      baseUrl: oracle.baseUrl,
      tokenUrl: oracle.tokenUrl,
      clientId: oracle.clientId,
      clientSecret: oracle.clientSecret,
      timeZone: SANDBOX_TIME_ZONE,
      sites: oracleSites,
      // Millennium documents no duplicate detection, so the sandbox connection does not rely on one: an
      // ambiguous post is held for verification. Only a sandbox started with the opt-in `reject` policy dedupes.
      dedupesOnExternalId: options.duplicatePolicy?.oracle === 'reject',
    },
    {
      id: SANDBOX_CONNECTION_IDS.epic,
      name: 'Epic (sandbox)',
      ehr: 'epic',
      baseUrl: epic.baseUrl,
      tokenUrl: epic.tokenUrl,
      clientId: epic.clientId,
      clientSecret: epic.clientSecret,
      timeZone: SANDBOX_TIME_ZONE,
      dedupesOnExternalId: epic.duplicatePolicy === 'reject',
    },
  ];

  const trafficOptions = options.traffic;
  let cybersource: SandboxProcessor;
  try {
    cybersource = await startSandboxProcessor({
      clock,
      logger,
      ...(options.ports?.cybersource !== undefined ? { port: options.ports.cybersource } : {}),
      ...(trafficOptions
        ? { redeliver: (payment: GeneratedPayment) => trafficOptions.onEvent(payment) }
        : {}),
    });
  } catch (error) {
    await Promise.all([oracle.close(), epic.close()]);
    throw error;
  }

  let traffic: TrafficGenerator | null = null;
  if (trafficOptions) {
    traffic = createTrafficGenerator({
      world,
      clock,
      seed: options.trafficSeed ?? seed,
      logger,
      // The processor's ledger first: a lost notification was still sent (and is in its reports).
      onEvent: (payment) => {
        cybersource.record(payment);
        trafficOptions.onEvent(payment);
      },
      ...(trafficOptions.ratePerMinute !== undefined ? { ratePerMinute: trafficOptions.ratePerMinute } : {}),
      ...(trafficOptions.dropRate !== undefined ? { dropRate: trafficOptions.dropRate } : {}),
    });
    traffic.burst(trafficOptions.initialBurst ?? 5);
    traffic.start();
  }

  logger.info(
    { oracle: oracle.origin, epic: epic.origin, cybersource: cybersource.sim.baseUrl },
    'sandbox started',
  );
  return {
    oracle,
    epic,
    world,
    connections,
    traffic,
    cybersource,
    bannerLines: [
      `Sandbox oracle-health: ${oracle.baseUrl}`,
      `Sandbox epic: ${epic.baseUrl}`,
      `Sandbox cybersource: ${cybersource.sim.baseUrl}`,
    ],
    async stop() {
      traffic?.stop();
      await Promise.all([oracle.close(), epic.close(), cybersource.sim.close()]);
    },
  };
}
