/** Shared set-up for connector contract tests: a real simulator on loopback and a connector pointed at it. */
import pino from 'pino';
import type { Clock } from '../../../src/main/clock';
import { createConnector } from '../../../src/main/connectors/ehr/create-connector';
import type { EhrConnectionInput } from '../../../src/main/connectors/ehr/config';
import type { PostableEvent } from '../../../src/main/connectors/ehr/types';
import type { DuplicatePolicy } from '../../../src/main/sandbox/answers';
import type { SimDirectory } from '../../../src/main/sandbox/directory';
import { startEpicSim } from '../../../src/main/sandbox/epic/epic-sim';
import { startOracleSim } from '../../../src/main/sandbox/oracle/oracle-sim';
import { SANDBOX_ORACLE_ALIAS_KINDS, SANDBOX_ORACLE_ALIASES } from '../../../src/main/sandbox/world';

export const silentLogger = pino({ level: 'silent' });

/** 2026-01-01T00:00:00Z: a whole second, so HTTP-dates round-trip exactly. */
export const START = Date.UTC(2026, 0, 1, 0, 0, 0);

export class FakeClock implements Clock {
  constructor(private at: number = START) {}
  now(): number {
    return this.at;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export const ORACLE_SITE = {
  aliases: {
    one_time_payment: SANDBOX_ORACLE_ALIASES.one_time_payment,
    payment_plan: SANDBOX_ORACLE_ALIASES.payment_plan,
  },
  reversalAlias: SANDBOX_ORACLE_ALIASES.reversal,
  refundAlias: SANDBOX_ORACLE_ALIASES.refund,
};

let sequence = 0;
/** A distinct alphanumeric processor id per call. */
export function txnId(): string {
  sequence += 1;
  return `7000${String(Date.now() % 1_000_000)}${String(sequence).padStart(6, '0')}`;
}

export function oracleEvent(overrides: Partial<PostableEvent> = {}): PostableEvent {
  return {
    processorTxnId: txnId(),
    kind: 'one_time_payment',
    tender: 'card',
    amountMinor: 12_550,
    currency: 'USD',
    ehr: 'oracle_health',
    facility: 'NORTH',
    guarantorAccount: 'G12345678',
    encounterId: '97953536',
    merchantRef: 'ENC-97953536',
    cardBrand: 'VISA',
    cardLast4: '4321',
    cardExpiry: '2028-05',
    checkNumber: null,
    transactionAt: START,
    effectiveDate: null,
    ...overrides,
  };
}

export function epicEvent(overrides: Partial<PostableEvent> = {}): PostableEvent {
  return oracleEvent({
    ehr: 'epic',
    facility: 'RIVERSIDE',
    guarantorAccount: '41234567',
    encounterId: 'HAR00000001',
    ...overrides,
  });
}

export interface HarnessOptions {
  readonly duplicatePolicy?: DuplicatePolicy;
  readonly responseTimeoutMs?: number;
  readonly directory?: SimDirectory;
  readonly connection?: Partial<EhrConnectionInput>;
  readonly clientSecret?: string;
}

export async function oracleHarness(options: HarnessOptions = {}) {
  const clock = new FakeClock();
  const sim = await startOracleSim({
    ledgerPath: ':memory:',
    clock,
    logger: silentLogger,
    clientId: 'clearpost-test',
    clientSecret: 'oracle-secret',
    aliases: SANDBOX_ORACLE_ALIAS_KINDS,
    timeoutHoldMs: 5_000,
    ...(options.duplicatePolicy ? { duplicatePolicy: options.duplicatePolicy } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
  });
  const created = createConnector(
    {
      id: 'oracle-test',
      name: 'Oracle Health test',
      ehr: 'oracle_health',
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      clientId: 'clearpost-test',
      clientSecret: options.clientSecret ?? 'oracle-secret',
      responseTimeoutMs: options.responseTimeoutMs ?? 2_000,
      connectTimeoutMs: 1_000,
      sites: { NORTH: ORACLE_SITE, SOUTH: { ...ORACLE_SITE, location: '98920358' } },
      ...(options.connection as object),
    },
    { clock, logger: silentLogger },
  );
  return { sim, clock, ...created, close: () => sim.close() };
}

export async function epicHarness(options: HarnessOptions = {}) {
  const clock = new FakeClock();
  const sim = await startEpicSim({
    ledgerPath: ':memory:',
    clock,
    logger: silentLogger,
    clientId: 'clearpost-test',
    clientSecret: 'epic-secret',
    timeoutHoldMs: 5_000,
    ...(options.duplicatePolicy ? { duplicatePolicy: options.duplicatePolicy } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
  });
  const created = createConnector(
    {
      id: 'epic-test',
      name: 'Epic test',
      ehr: 'epic',
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      clientId: 'clearpost-test',
      clientSecret: options.clientSecret ?? 'epic-secret',
      responseTimeoutMs: options.responseTimeoutMs ?? 2_000,
      connectTimeoutMs: 1_000,
      ...(options.connection as object),
    },
    { clock, logger: silentLogger },
  );
  return { sim, clock, ...created, close: () => sim.close() };
}
