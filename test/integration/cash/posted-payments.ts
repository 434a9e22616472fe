/**
 * For the chargeback and return tests: a running app on an EHR simulator (the engine harness), a payment the
 * engine has posted, a processor file imported as the Cash screen imports it, and what intake queued posted.
 * Every harness a test starts is closed after it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { importCashFile } from '../../../src/main/reconciliation/funding/import-cash-file';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { harness, HOUR, type Harness } from '../engine/harness';

export function usePostedPayments(tempDir: () => string) {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  return {
    start: async (ehr: 'epic' | 'oracle_health'): Promise<Harness> => {
      const h = await harness({ ehr, dataDir: tempDir() });
      open.push(h);
      return h;
    },
    /** Pays, lets the engine post the payment, and returns the stored event. */
    postedPayment: async (h: Harness, overrides: Partial<NewPaymentEvent> = {}) => {
      const postingId = h.pay(overrides);
      await h.runUntil(h.clock.now() + 60_000);
      const posting = h.app.repos.postings.get(postingId);
      expect(posting?.status).toBe('success');
      const event = h.app.repos.events.get(posting?.eventId ?? -1);
      if (!event) throw new Error('the payment was not stored');
      return event;
    },
    importFile: (h: Harness, name: string, text: string) => {
      const path = join(tempDir(), name);
      writeFileSync(path, text);
      return importCashFile(path, {}, { db: h.app.store.db, repos: h.app.repos, clock: h.clock });
    },
    /** The engine admits what intake queued and posts it. */
    postQueued: async (h: Harness): Promise<void> => {
      h.app.engine.admitQueued();
      await h.runUntil(h.clock.now() + HOUR);
    },
  };
}

/**
 * The reversal the first chargeback of case CB-44100 (2026-11-22, response due 2026-12-02) makes of `payment`,
 * filed or pulled alike: its id derived from the payment, the case and the date, its extras naming all three.
 */
export function expectCaseReversal(
  reversal: { readonly processorTxnId: string; readonly extras: string } | undefined,
  payment: { readonly id: number; readonly processorTxnId: string },
): void {
  expect(reversal?.processorTxnId).toBe(`${payment.processorTxnId}CBCB4410020261122`);
  expect(JSON.parse(reversal?.extras ?? '{}')).toMatchObject({
    reversal: 'chargeback',
    originalEventId: payment.id,
    caseNumber: 'CB-44100',
    responseDueDate: '2026-12-02',
  });
}
