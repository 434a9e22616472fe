import { vi } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import type { Clock } from '../../../src/main/clock';
import type { EhrConnectionInput } from '../../../src/main/connectors/ehr';
import type { RoutingTable } from '../../../src/main/engine/routing';
import {
  startEpicSim,
  startOracleSim,
  type DuplicatePolicy,
  type Simulator,
} from '../../../src/main/sandbox';
import {
  createSandboxWorld,
  SANDBOX_ORACLE_ALIAS_KINDS,
  SANDBOX_ORACLE_ALIASES,
} from '../../../src/main/sandbox/world';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { silentLogger } from '../../helpers/app';

export const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 23, 14, 0, 0);

/**
 * Time for engine tests: the injected clock and Date.now (which cockatiel's breaker reads) move together,
 * by hand, while real timers keep running so loopback HTTP works.
 */
export function controlledTime(): Clock & { set(ms: number): void; advance(ms: number): void } {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  return {
    now: () => Date.now(),
    set: (ms: number) => vi.setSystemTime(ms),
    advance: (ms: number) => vi.setSystemTime(Date.now() + ms),
  };
}

export interface Harness {
  readonly app: ClearpostApp;
  readonly sim: Simulator;
  readonly clock: ReturnType<typeof controlledTime>;
  readonly world: ReturnType<typeof createSandboxWorld>;
  /** Stores a payment event for a real guarantor of the simulated EHR and admits it. */
  pay(overrides?: Partial<NewPaymentEvent>): number;
  /** Runs the engine until `until`, jumping the clock from one due time to the next. */
  runUntil(until: number): Promise<void>;
  close(): Promise<void>;
}

let txn = 0;

export async function harness(options: {
  readonly ehr: 'epic' | 'oracle_health';
  readonly dataDir: string;
  readonly duplicatePolicy?: DuplicatePolicy;
  readonly dedupes?: boolean;
  readonly responseTimeoutMs?: number;
  readonly breaker?: boolean;
  /** The endpoint's requests at once (the app's default when absent). */
  readonly concurrency?: number;
  /** The routing table (file-only facilities); the default routing when absent. */
  readonly routing?: RoutingTable;
}): Promise<Harness> {
  const clock = controlledTime();
  const world = createSandboxWorld(7, 10);
  const common = {
    ledgerPath: ':memory:',
    clock,
    logger: silentLogger,
    clientId: 'clearpost-test',
    clientSecret: 'test-secret',
    timeZone: 'America/Chicago',
    timeoutHoldMs: 2_000,
    ...(options.duplicatePolicy ? { duplicatePolicy: options.duplicatePolicy } : {}),
  };
  const sim =
    options.ehr === 'epic'
      ? await startEpicSim({ ...common, directory: world.directories.epic })
      : await startOracleSim({
          ...common,
          directory: world.directories.oracle_health,
          aliases: SANDBOX_ORACLE_ALIAS_KINDS,
        });
  const facilities = world.facilities.filter((f) => f.ehr === options.ehr).map((f) => f.code);
  const connection: EhrConnectionInput = {
    id: `test-${options.ehr}`,
    name: `Test ${options.ehr}`,
    ehr: options.ehr,
    baseUrl: sim.baseUrl,
    tokenUrl: sim.tokenUrl,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    timeZone: 'America/Chicago',
    responseTimeoutMs: options.responseTimeoutMs ?? 500,
    connectTimeoutMs: 500,
    ...(options.dedupes !== undefined ? { dedupesOnExternalId: options.dedupes } : {}),
    ...(options.ehr === 'oracle_health'
      ? {
          sites: Object.fromEntries(
            facilities.map((code) => [
              code,
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
          ),
        }
      : {}),
  } as EhrConnectionInput;
  const app = await createApp({
    dataDir: options.dataDir,
    mode: 'test',
    logger: silentLogger,
    clock,
    connections: [connection],
    engine: {
      pollMs: 60_000,
      ...(options.concurrency ? { endpoint: { concurrency: options.concurrency } } : {}),
    },
    ...(options.routing ? { routing: options.routing } : {}),
  });
  const guarantors = world.guarantors.filter((g) => g.ehr === options.ehr && g.combinedInto === null);

  return {
    app,
    sim,
    clock,
    world,
    pay(overrides = {}) {
      txn += 1;
      const guarantor = guarantors[txn % guarantors.length]!;
      const encounter = guarantor.encounters.find((e) => !world.closedEncounters.has(e)) ?? null;
      const event: NewPaymentEvent = {
        source: 'webhook',
        processorTxnId: `CHAOS${String(txn).padStart(10, '0')}`,
        kind: 'one_time_payment',
        tender: 'card',
        amountMinor: 1_000 + (txn % 97) * 13,
        currency: 'USD',
        ehr: options.ehr,
        facility: guarantor.facility,
        guarantorAccount: guarantor.account,
        encounterId: encounter,
        cardBrand: 'VISA',
        cardLast4: '4242',
        cardExpiry: '2029-04',
        transactionAt: clock.now(),
        ...overrides,
      };
      const { id } = app.repos.events.insert(event, clock.now());
      return app.engine.admit(id);
    },
    async runUntil(until) {
      for (;;) {
        await app.engine.waitForIdle();
        const next = app.store.db
          .prepare<[], { t: number | null }>(
            `SELECT min(next_attempt_at) AS t FROM postings
             WHERE status IN ('pending', 'retry', 'needs_verification') AND held = 0 AND next_attempt_at IS NOT NULL`,
          )
          .get()?.t;
        const now = clock.now();
        // Due now but held back by a guard (an open breaker): time must pass for its probe.
        const target =
          next !== null && next !== undefined && next <= now
            ? Math.max(app.engine.resumesAt() ?? now + 1_000, now + 1)
            : next;
        if (target === null || target === undefined || target > until) {
          if (clock.now() < until) clock.set(until);
          await app.engine.waitForIdle();
          return;
        }
        clock.set(target);
      }
    },
    async close() {
      await app.close();
      await sim.close();
      vi.useRealTimers();
    },
  };
}

/** The attempts of one posting, in order, as (kind, time, outcome, error) rows. */
export function attemptsOf(app: ClearpostApp, postingId: number) {
  return app.store.db
    .prepare<
      [number],
      {
        kind: string;
        startedAt: number;
        outcome: string | null;
        errorCode: string | null;
        httpStatus: number | null;
      }
    >(
      `SELECT kind, started_at AS startedAt, outcome, error_code AS errorCode, http_status AS httpStatus
       FROM attempts WHERE posting_id = ? ORDER BY number`,
    )
    .all(postingId);
}
