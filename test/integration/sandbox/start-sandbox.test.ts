import { describe, expect, it } from 'vitest';
import { parseConnection } from '../../../src/main/connectors/ehr/config';
import { createConnector } from '../../../src/main/connectors/ehr/create-connector';
import type { PostResult } from '../../../src/main/connectors/ehr/types';
import { runSandboxCommand } from '../../../src/main/sandbox/cli';
import { startSandbox } from '../../../src/main/sandbox/start-sandbox';
import type { GeneratedPayment } from '../../../src/main/sandbox/traffic-generator';
import { useTempDirs } from '../../helpers/temp-dir';
import { FakeClock, silentLogger } from '../connectors/harness';

const tempDir = useTempDirs();

describe('the embedded sandbox', () => {
  it('starts both simulators and hands out connection settings that post generated traffic', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const received: GeneratedPayment[] = [];
    const sandbox = await startSandbox({
      dataDir,
      clock,
      logger: silentLogger,
      traffic: { onEvent: (p) => received.push(p), ratePerMinute: 1, initialBurst: 120 },
    });
    try {
      expect(sandbox.bannerLines).toEqual([
        `Sandbox oracle-health: ${sandbox.oracle.baseUrl}`,
        `Sandbox epic: ${sandbox.epic.baseUrl}`,
        `Sandbox cybersource: ${sandbox.cybersource.sim.baseUrl}`,
      ]);
      expect(received).toHaveLength(120);
      const connectors = Object.fromEntries(
        sandbox.connections.map((c) => [
          c.ehr,
          createConnector(c, { clock, logger: silentLogger }).connector,
        ]),
      );
      const outcomes: { payment: GeneratedPayment; result: PostResult }[] = [];
      for (const payment of received.filter((p) => p.workflow === 'api')) {
        const connector = connectors[payment.event.ehr];
        if (!connector) throw new Error('no connector');
        const event = {
          ...payment.event,
          guarantorAccount: payment.event.guarantorAccount ?? null,
          encounterId: payment.event.encounterId ?? null,
          merchantRef: payment.event.merchantRef ?? null,
          cardBrand: payment.event.cardBrand ?? null,
          cardLast4: payment.event.cardLast4 ?? null,
          cardExpiry: payment.event.cardExpiry ?? null,
          checkNumber: payment.event.checkNumber ?? null,
          effectiveDate: null,
          checkDate: payment.checkDate,
          cashTenderedMinor: payment.cashTenderedMinor,
        };
        outcomes.push({ payment, result: await connector.post(event) });
      }
      const posted = outcomes.filter((o) => o.result.ok);
      const refused = outcomes.filter((o) => !o.result.ok);
      expect(posted.length).toBeGreaterThan(50);
      // Planted data problems come back as exceptions, never as postings.
      const expected = {
        unknown_account: 'not_found',
        paypal_to_oracle: 'mapping_failed',
        closed_encounter: 'business_rule',
        combined_account: 'business_rule',
      } as const;
      const planted = outcomes.filter((x) => x.payment.problem !== null);
      expect(planted.length).toBeGreaterThan(0);
      for (const o of planted) {
        expect(o.result.ok ? 'posted' : o.result.error.code).toBe(
          expected[o.payment.problem ?? 'unknown_account'],
        );
      }
      expect(refused.length).toBeGreaterThan(0);
      const ledgerCount = sandbox.oracle.ledger.postings().length + sandbox.epic.ledger.postings().length;
      expect(ledgerCount).toBe(posted.length);
      const postedTotal = posted.reduce((sum, o) => sum + Math.abs(o.payment.event.amountMinor), 0);
      const ledgerTotal = [sandbox.oracle, sandbox.epic]
        .flatMap((s) => s.ledger.totals())
        .reduce((sum, t) => sum + t.amountMinor, 0);
      expect(ledgerTotal).toBe(postedTotal);
    } finally {
      await sandbox.stop();
    }

    // The ledgers are durable across restarts of the sandbox.
    const again = await startSandbox({ dataDir, clock, logger: silentLogger });
    try {
      expect(again.oracle.ledger.postings().length + again.epic.ledger.postings().length).toBeGreaterThan(50);
      expect(again.traffic).toBeNull();
    } finally {
      await again.stop();
    }
  });

  it('Oracle Health is simulated as documented: no duplicate rejection, and its connection does not rely on one', async () => {
    const sandbox = await startSandbox({ logger: silentLogger });
    try {
      expect(sandbox.oracle.duplicatePolicy).toBe('accept_twice');
      const oracle = parseConnection(sandbox.connections.find((c) => c.ehr === 'oracle_health'));
      expect(oracle.dedupesOnExternalId).toBe(false);
    } finally {
      await sandbox.stop();
    }
    const strict = await startSandbox({ logger: silentLogger, duplicatePolicy: { oracle: 'reject' } });
    try {
      expect(strict.oracle.duplicatePolicy).toBe('reject');
      const oracle = parseConnection(strict.connections.find((c) => c.ehr === 'oracle_health'));
      expect(oracle.dedupesOnExternalId).toBe(true);
    } finally {
      await strict.stop();
    }
  });

  it('`clearpost sandbox` prints each simulator URL on its own line', async () => {
    const lines: string[] = [];
    const { code, sandbox } = await runSandboxCommand([], {
      stdout: (l) => lines.push(l),
      stderr: (l) => lines.push(l),
    });
    try {
      expect(code).toBe(0);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^Sandbox oracle-health: http:\/\/127\.0\.0\.1:\d+\/r4\/\S+$/);
      expect(lines[1]).toMatch(/^Sandbox epic: http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[2]).toMatch(/^Sandbox cybersource: http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await sandbox?.stop();
    }
  });

  it('refuses a bad port', async () => {
    const errors: string[] = [];
    const result = await runSandboxCommand(['--epic-port', 'x'], {
      stdout: () => undefined,
      stderr: (l) => errors.push(l),
    });
    expect(result.code).toBe(2);
    expect(errors[0]).toMatch(/--epic-port/);
  });
});
